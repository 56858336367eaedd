// The live room's page (usine/live/templates/live/room.html): builds the question lists from the
// room's events (the server replays, on connecting, every stored event this role may see) and
// wires the forms and buttons of the viewer's role. Every text comes translated from the page
// (#live-room-messages); `{name}` placeholders are filled in here.
import { AskForm } from "./AskForm.js";
import { fill } from "./dom.js";
import { LiveRoom } from "./LiveRoom.js";
import { QuestionLists } from "./QuestionLists.js";
import { RoomClock } from "./RoomClock.js";

export class RoomPage {
  constructor(root, config, text) {
    this.root = root;
    this.config = config;
    this.text = text;
    this.questions = new Map(); // id → question (payload of the events)
    this.muted = new Map(); // pupil id → until (ms since epoch, or null: to the end)
    this.reported = new Set(); // ids of the questions this page reported
    this.upvoted = new Set(config.upvoted || []);
    this.blocked = 0;
    this.ended = Boolean(config.ended);
    this.dismissed = false; // another professional leads the exchange now
    this.room = null;
    const clock = config.clock;
    // Server time minus this browser's: the clock shows the server's time, whatever this one's.
    this.skew = Date.parse(clock.now) - Date.now();
    this.startsAt = Date.parse(clock.startsAt);
    this.endsAt = Date.parse(clock.endsAt);
    this.find = (selector) => root.querySelector(selector);
    this.lists = new QuestionLists(this);
  }

  start() {
    const clock = this.find("[data-live-clock]");
    if (clock) new RoomClock(clock, this, this.text).start();
    const ask = this.find("[data-live-ask-form]");
    if (ask) new AskForm(ask, this).start();
    this.wireEnd();
    this.render();
    if (this.ended) {
      this.showEnded();
      return; // nothing more will happen in this room
    }
    this.room = new LiveRoom(this.config.socket, {
      onEvent: (event) => this.handle(event),
      onStatus: (status) => {
        // The server's word to a replaced professional stays: the "gone" close follows it.
        if (!this.ended && !this.dismissed) {
          this.say("[data-live-connection]", this.text[status] || "");
        }
      },
      onDismissed: (message) => {
        this.dismissed = true;
        this.say("[data-live-connection]", message);
      },
      onSynced: () => {
        this.render();
        this.lists.announceAdditions();
      },
    });
  }

  say(selector, message) {
    const element = this.find(selector);
    if (element) element.textContent = message;
  }

  render() {
    this.lists.render();
  }

  // --- Events ---

  handle(event) {
    const question = event.question;
    switch (event.kind) {
      case "question.asked":
        this.questions.set(question.id, question);
        break;
      case "question.approved": {
        // Keep what only moderators were told (pupil id, filter flag) when it was asked.
        const known = this.questions.get(question.id) || {};
        this.questions.set(question.id, { ...known, ...question, state: "approved" });
        break;
      }
      case "question.hidden": {
        const known = this.questions.get(event.question_id);
        if (known) known.state = "hidden";
        break;
      }
      case "question.upvoted": {
        const known = this.questions.get(event.question_id);
        if (known) known.upvotes = event.upvotes;
        break;
      }
      case "pupil.muted":
        this.muted.set(event.pupil.id, event.until ? Date.parse(event.until) : null);
        break;
      case "question.reported": {
        const known = this.questions.get(event.question_id);
        if (known) known.reported = true;
        break;
      }
      case "pupil.unmuted":
        this.muted.delete(event.pupil.id);
        break;
      case "question.blocked":
        this.blocked += 1;
        break;
      case "room.ended": {
        this.ended = true;
        this.showEnded();
        // A pupil's hour ends with the last two questions (optional): the page goes there.
        const survey = this.find("[data-live-survey] a");
        if (survey) window.location.assign(survey.href);
        break;
      }
      default:
        return;
    }
    this.render();
  }

  showEnded() {
    const banner = this.find("[data-live-ended]");
    if (banner) banner.hidden = false;
    const connection = this.find("[data-live-connection]");
    if (connection) connection.hidden = true;
    const video = this.find("[data-live-video]");
    if (video) video.hidden = true;
    for (const control of this.root.querySelectorAll(
      "[data-live-ask-form] textarea, [data-live-ask-form] button, [data-live-end-form] button",
    )) {
      control.disabled = true;
    }
    this.render();
    if (this.room) this.room.close();
  }

  isMuted(pupilId) {
    if (!this.muted.has(pupilId)) return false;
    const until = this.muted.get(pupilId);
    return until === null || until > Date.now() + this.skew;
  }

  // --- Actions ---

  async moderate(action, questionId, item) {
    const feedback = "[data-live-moderation-feedback]";
    // Where the focus goes once this item leaves the list: the next item, else the heading.
    const next = item.nextElementSibling || item.previousElementSibling;
    const heading = item.closest("section")?.querySelector("h2");
    for (const control of item.querySelectorAll("button")) control.disabled = true;
    try {
      await this.room.request(action, { question_id: questionId });
      this.say(
        feedback,
        action === "question.approve" ? this.text.approvedDone : this.text.hiddenDone,
      );
      (next?.querySelector("button:not([disabled])") || heading)?.focus();
    } catch (error) {
      for (const control of item.querySelectorAll("button")) control.disabled = false;
      this.say(feedback, this.errorText(error));
    }
  }

  async mute(question) {
    const feedback = "[data-live-moderation-feedback]";
    try {
      await this.room.request("pupil.mute", { pupil_id: question.pupil_id });
      this.say(feedback, fill(this.text.mutedDone, { pseudonym: question.pseudonym }));
    } catch (error) {
      this.say(feedback, this.errorText(error));
    }
  }

  async report(question, control) {
    const feedback = "[data-live-report-feedback]";
    control.disabled = true;
    try {
      await this.room.request("question.report", { question_id: question.id });
      this.reported.add(question.id);
      this.say(feedback, this.text.reportedDone);
    } catch (error) {
      control.disabled = false;
      this.say(feedback, this.errorText(error));
    }
    this.render();
  }

  async unmute(question) {
    const feedback = "[data-live-moderation-feedback]";
    try {
      await this.room.request("pupil.unmute", { pupil_id: question.pupil_id });
      this.say(feedback, fill(this.text.unmutedDone, { pseudonym: question.pseudonym }));
    } catch (error) {
      this.say(feedback, this.errorText(error));
    }
  }

  async upvote(questionId, vote) {
    vote.disabled = true;
    try {
      await this.room.request("question.upvote", { question_id: questionId });
      this.upvoted.add(questionId);
      this.say("[data-live-vote-feedback]", "");
    } catch (error) {
      if (error.code === "already_upvoted") this.upvoted.add(questionId);
      this.say("[data-live-vote-feedback]", this.errorText(error));
    }
    this.render();
  }

  errorText(error) {
    // The server's refusals come translated; what happens here (offline, timeout) from the page.
    return this.text.errors[error.code] || error.message;
  }

  // --- Forms ---

  wireEnd() {
    const form = this.find("[data-live-end-form]");
    if (!form) return;
    form.addEventListener("submit", (event) => {
      if (!window.confirm(this.text.confirmEnd)) event.preventDefault();
    });
  }
}
