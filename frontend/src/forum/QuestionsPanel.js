// The talk page's questions (usine/forum/templates/forum/_questions_panel.html): the approved
// questions by votes or by date, the pinned one on top; for signed-in visitors and pupils the
// ask form, their own questions waiting for moderation and a vote button per question.
import { fill } from "../live-room/dom.js";
import { QuestionList } from "./QuestionList.js";

export class QuestionsPanel {
  constructor(root, talk, text) {
    this.root = root;
    this.talk = talk;
    this.text = text;
    this.find = (selector) => root.querySelector(selector);
    this.order = "popular";
    this.snapshot = { questions: [], recent: [], approved: 0 };
    this.version = 0; // the snapshot's, from the frame's id
    this.mine = new Map(); // id → own question {id, text, state}
    this.upvoted = new Set();
    this.mayVote = false;
    this.list = new QuestionList(this.find("[data-forum-list]"), text, {
      decorate: (item, question) => this.decorate(item, question),
      update: (item, question) => this.updateVote(item, question),
    });
  }

  start() {
    this.talk.onStatus((message) => this.say("[data-forum-status]", message));
    this.talk.on("me", (me) => {
      this.mayVote = me.role !== "reader";
      this.upvoted = new Set(me.upvoted);
      this.mine = new Map(me.questions.map((question) => [question.id, question]));
      this.list.reset();
      this.render();
    });
    this.talk.on("questions", (frame, version) => {
      const snapshot = this.merged(frame);
      if (!snapshot) return;
      this.snapshot = snapshot;
      this.version = version;
      const approved = new Set(snapshot.questions.map((question) => question.id));
      for (const own of this.mine.values()) if (approved.has(own.id)) own.state = "approved";
      this.render();
    });
    for (const button of this.root.querySelectorAll("[data-forum-order]")) {
      button.addEventListener("click", () => {
        this.order = button.dataset.forumOrder;
        for (const other of this.root.querySelectorAll("[data-forum-order]")) {
          other.setAttribute("aria-pressed", String(other === button));
        }
        this.render();
      });
    }
    const form = this.find("[data-forum-ask]");
    if (form) this.wireAsk(form);
  }

  // A whole snapshot, or what changed since the version this page holds
  // (usine/forum/snapshots.py); null for a change on top of another version (never sent).
  merged(frame) {
    if (frame.base === undefined) return frame;
    if (frame.base !== this.version) return null;
    const questions = new Map(this.snapshot.questions.map((question) => [question.id, question]));
    for (const id of frame.removed) questions.delete(id);
    for (const change of frame.changed) {
      questions.set(change.id, { ...questions.get(change.id), ...change });
    }
    return {
      questions: [...questions.values()],
      recent: frame.recent || this.snapshot.recent,
      approved: frame.approved,
    };
  }

  say(selector, message) {
    const element = this.find(selector);
    if (element) element.textContent = message;
  }

  wireAsk(form) {
    const field = form.querySelector("textarea");
    const count = form.querySelector("[data-forum-count]");
    const max = Number(field.getAttribute("maxlength"));
    const counted = () => {
      if (count) count.textContent = fill(this.text.count, { n: field.value.length, max });
    };
    field.addEventListener("input", counted);
    counted();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const question = await this.talk.request("question.ask", { text: field.value });
        this.mine.set(question.id, question);
        field.value = "";
        counted();
        this.say("[data-forum-ask-message]", this.text.sent);
        this.render();
      } catch (error) {
        this.say("[data-forum-ask-message]", this.talk.failure(error));
      } finally {
        button.disabled = false;
      }
    });
  }

  decorate(item, question) {
    // One's own question gets the others' votes, not one's own (`mine` is known before it is
    // shown: the "me" frame rebuilds the list, and an asked question is kept before approval).
    if (!this.mayVote || this.mine.has(question.id)) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary forum-question__vote";
    button.addEventListener("click", async () => {
      if (this.upvoted.has(question.id)) return;
      button.disabled = true;
      try {
        await this.talk.request("question.upvote", { question_id: question.id });
        this.upvoted.add(question.id);
      } catch (error) {
        if (error.code === "already_upvoted") this.upvoted.add(question.id);
        else this.say("[data-forum-ask-message]", this.talk.failure(error));
      }
      this.updateVote(item, question);
    });
    item.append(button);
  }

  updateVote(item, question) {
    const button = item.querySelector(".forum-question__vote");
    if (!button) return;
    const voted = this.upvoted.has(question.id);
    button.textContent = voted ? this.text.voted : this.text.vote;
    button.setAttribute("aria-pressed", String(voted));
    button.setAttribute("aria-label", `${voted ? this.text.voted : this.text.vote} : ${question.text}`);
    button.disabled = voted || question.answered;
  }

  ordered() {
    const questions = this.snapshot.questions.filter((question) => !question.pinned);
    if (this.order === "recent") {
      const byId = new Map(questions.map((question) => [question.id, question]));
      return this.snapshot.recent.map((id) => byId.get(id)).filter(Boolean);
    }
    return [...questions].sort((a, b) => b.upvotes - a.upvotes || a.id - b.id);
  }

  render() {
    const pinned = this.snapshot.questions.find((question) => question.pinned);
    const box = this.find("[data-forum-pinned]");
    if (box) {
      box.hidden = !pinned;
      const who = pinned && (pinned.class ? `${pinned.author} (${pinned.class})` : pinned.author);
      this.say("[data-forum-pinned-text]", pinned ? pinned.text : "");
      this.say("[data-forum-pinned-author]", pinned ? who : "");
    }
    const questions = this.ordered();
    this.list.render(questions);
    const empty = this.find("[data-forum-empty]");
    if (empty) empty.hidden = this.snapshot.approved > 0;
    this.say(
      "[data-forum-approved]",
      this.snapshot.approved > 0
        ? fill(this.snapshot.approved === 1 ? this.text.one_approved : this.text.approved_count, {
            n: this.snapshot.approved,
          })
        : "",
    );
    this.renderMine();
  }

  renderMine() {
    const box = this.find("[data-forum-mine]");
    if (!box) return;
    const list = box.querySelector("ul");
    list.replaceChildren();
    for (const own of this.mine.values()) {
      const item = document.createElement("li");
      const state = own.state === "approved" ? this.text.mine_approved : this.text.mine_pending;
      item.textContent = `${own.text} — ${state}`;
      list.append(item);
    }
    box.hidden = this.mine.size === 0;
  }
}
