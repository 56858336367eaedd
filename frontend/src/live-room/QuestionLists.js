// The room's two lists: the moderation queue ([data-live-queue], moderators only) and the
// approved questions ([data-live-approved]), drawn from the page's questions with the buttons of
// the viewer's role. Keyed: an item keeps its element (and the focus in it) across renders; only
// what changed is touched, and an element is moved only if it is out of place.
import { button, fill } from "./dom.js";

export class QuestionLists {
  constructor(page) {
    this.page = page;
    this.text = page.text;
    this.plurals = new Intl.PluralRules(document.documentElement.lang || "fr");
    this.items = new Map(); // "list:id" → <li>
    this.queue = page.find("[data-live-queue]");
    this.approved = page.find("[data-live-approved]");
  }

  // Announce what arrives from now on, not the whole history replayed at first.
  announceAdditions() {
    for (const list of [this.queue, this.approved]) {
      list?.setAttribute("aria-live", "polite");
      list?.setAttribute("aria-relevant", "additions");
    }
  }

  render() {
    const page = this.page;
    const all = [...page.questions.values()];
    if (this.queue) {
      const pending = all.filter((q) => q.state === "pending").sort((a, b) => a.id - b.id);
      this.renderList("queue", this.queue, pending, (q, item) => this.moderationItem(q, item));
      page.find("[data-live-queue-empty]").hidden = pending.length > 0;
      const blocked = page.find("[data-live-blocked]");
      blocked.hidden = page.blocked === 0;
      blocked.textContent = fill(this.text.blocked, { count: page.blocked });
    }
    if (this.approved) {
      const approved = all
        .filter((q) => q.state === "approved")
        .sort((a, b) => b.upvotes - a.upvotes || b.id - a.id);
      this.renderList("approved", this.approved, approved, (q, item) => this.approvedItem(q, item));
      page.find("[data-live-approved-empty]").hidden = approved.length > 0;
    }
  }

  renderList(name, list, questions, build) {
    const wanted = new Set(questions.map((q) => `${name}:${q.id}`));
    for (const [key, item] of this.items) {
      if (key.startsWith(`${name}:`) && !wanted.has(key)) {
        item.remove();
        this.items.delete(key);
      }
    }
    questions.forEach((question, index) => {
      const key = `${name}:${question.id}`;
      const item = build(question, this.items.get(key));
      this.items.set(key, item);
      if (list.children[index] !== item) list.insertBefore(item, list.children[index] || null);
    });
  }

  questionBody(item, question) {
    item.dataset.questionId = String(question.id);
    let text = item.querySelector(".live-question__text");
    if (!text) {
      text = document.createElement("p");
      text.className = "live-question__text";
      item.append(text);
      const meta = document.createElement("p");
      meta.className = "live-question__meta";
      item.append(meta);
    }
    text.textContent = question.text;
    item.querySelector(".live-question__meta").textContent = fill(this.text.by, {
      pseudonym: question.pseudonym,
    });
  }

  approvedItem(question, item) {
    const page = this.page;
    item = item || document.createElement("li");
    item.className = "live-question";
    this.questionBody(item, question);
    let votes = item.querySelector(".live-question__votes");
    if (!votes) {
      votes = document.createElement("p");
      votes.className = "live-question__votes";
      votes.append(document.createElement("span"));
      item.append(votes);
    }
    const form = this.plurals.select(question.upvotes) === "one" ? "one" : "other";
    votes.firstElementChild.textContent = fill(this.text.votes[form], { count: question.upvotes });
    if (page.config.role === "pupil" && question.pseudonym === page.config.pseudonym) {
      // Her own question: the others vote for it.
      if (!item.querySelector("[data-yours]")) {
        const yours = document.createElement("span");
        yours.dataset.yours = "";
        yours.className = "live-question__yours";
        yours.textContent = this.text.yours;
        votes.append(" ", yours);
      }
    } else if (page.config.role === "pupil") {
      let vote = item.querySelector("[data-upvote]");
      if (!vote) {
        vote = button(this.text.upvote, () => page.upvote(question.id, vote));
        vote.dataset.upvote = "";
        votes.append(" ", vote);
      }
      const done = page.upvoted.has(question.id);
      vote.setAttribute("aria-pressed", String(done));
      vote.textContent = done ? this.text.upvoted : this.text.upvote;
      vote.disabled = done || page.ended;
    } else if (page.config.moderator && !item.querySelector("[data-hide]")) {
      const hide = button(this.text.hide, () => page.moderate("question.hide", question.id, item));
      hide.dataset.hide = "";
      hide.setAttribute("aria-label", fill(this.text.hideLabel, { text: question.text }));
      votes.append(" ", hide);
    }
    if (!page.config.moderator) {
      let report = item.querySelector("[data-report]");
      if (!report) {
        report = button(this.text.report, () => page.report(question, report));
        report.dataset.report = "";
        report.setAttribute("aria-label", fill(this.text.reportLabel, { text: question.text }));
        votes.append(" ", report);
      }
      const done = page.reported.has(question.id);
      report.textContent = done ? this.text.reported : this.text.report;
      report.disabled = done || page.ended;
    } else {
      let flag = item.querySelector("[data-reported]");
      if (question.reported && !flag) {
        flag = document.createElement("p");
        flag.dataset.reported = "";
        flag.className = "live-question__flag";
        flag.textContent = this.text.reportedFlag;
        item.append(flag);
      }
    }
    if (page.ended) for (const control of item.querySelectorAll("button")) control.disabled = true;
    return item;
  }

  moderationItem(question, item) {
    const page = this.page;
    if (!item) {
      item = document.createElement("li");
      item.className = "live-question live-question--pending";
      this.questionBody(item, question);
      if (question.flag) {
        const flag = document.createElement("p");
        flag.className = "live-question__flag";
        flag.dataset.flag = question.flag;
        const reason = this.text.flags[question.flag] || question.flag;
        flag.textContent = fill(this.text.flagged, { reason });
        item.classList.add("live-question--flagged");
        item.append(flag);
      }
      const actions = document.createElement("p");
      actions.className = "live-question__actions";
      const approve = button(
        this.text.approve,
        () => page.moderate("question.approve", question.id, item),
        "",
      );
      approve.dataset.approve = "";
      approve.setAttribute("aria-label", fill(this.text.approveLabel, { text: question.text }));
      const hide = button(this.text.hide, () => page.moderate("question.hide", question.id, item));
      hide.dataset.hide = "";
      hide.setAttribute("aria-label", fill(this.text.hideLabel, { text: question.text }));
      // One button that mutes the pseudonym, or lifts its mute.
      const mute = button(this.text.mute, () =>
        page.isMuted(question.pupil_id) ? page.unmute(question) : page.mute(question),
      );
      mute.dataset.mute = "";
      const state = document.createElement("span");
      state.dataset.mutedState = "";
      actions.append(approve, " ", hide, " ", mute, " ", state);
      item.append(actions);
    }
    const muted = page.isMuted(question.pupil_id);
    const mute = item.querySelector("[data-mute]");
    mute.disabled = page.ended;
    mute.textContent = muted ? this.text.unmute : this.text.mute;
    mute.setAttribute(
      "aria-label",
      fill(muted ? this.text.unmuteLabel : this.text.muteLabel, { pseudonym: question.pseudonym }),
    );
    item.querySelector("[data-muted-state]").textContent = muted ? `(${this.text.muted})` : "";
    if (page.ended) for (const control of item.querySelectorAll("button")) control.disabled = true;
    return item;
  }
}
