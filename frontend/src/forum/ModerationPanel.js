// The organizers' moderation of a talk's questions (forum/moderation.html): the queue of
// pending questions, oldest first, each to approve or hide; the approved ones to pin on screen,
// mark answered (the stream time is recorded) or hide; an asker to mute (or unmute). The lists come whole from the server
// about once a second, and at once after each decision taken here.
import { button, fill } from "../live-room/dom.js";
import { QuestionList } from "./QuestionList.js";

export class ModerationPanel {
  constructor(root, talk, text) {
    this.root = root;
    this.talk = talk;
    this.text = text;
    this.find = (selector) => root.querySelector(selector);
    this.pending = new QuestionList(this.find("[data-forum-pending]"), text, {
      decorate: (item, question) =>
        this.actions(item, question, [
          ["question.approve", text.approve],
          ["question.hide", text.hide],
          ["question.mute", text.mute],
          ["question.unmute", text.unmute],
        ]),
      update: (item, question) => this.showMute(item, question),
    });
    this.approved = new QuestionList(this.find("[data-forum-approved-list]"), text, {
      decorate: (item, question) =>
        this.actions(item, question, [
          ["question.pin", text.pin],
          ["question.unpin", text.unpin],
          ["question.answer", text.answer],
          ["question.hide", text.hide],
          ["question.mute", text.mute],
          ["question.unmute", text.unmute],
        ]),
      update: (item, question) => {
        const show = (action, visible) => {
          const element = item.querySelector(`[data-action="${action}"]`);
          if (element) element.hidden = !visible;
        };
        show("question.pin", !question.pinned && !question.answered);
        show("question.unpin", question.pinned);
        show("question.answer", !question.answered);
        this.showMute(item, question);
      },
    });
  }

  start() {
    this.talk.onStatus((message) => this.say("[data-forum-status]", message));
    this.talk.on("queue", (queue) => {
      this.pending.render(queue.pending);
      this.approved.render(queue.approved);
      this.say(
        "[data-forum-pending-count]",
        fill(this.text.pending_count, { n: queue.pending_count }),
      );
      this.find("[data-forum-pending-empty]").hidden = queue.pending.length > 0;
    });
  }

  // Muting silences the asker (until the talk ends), not the question: it stays to decide on.
  showMute(item, question) {
    for (const [action, visible] of [
      ["question.mute", !question.muted],
      ["question.unmute", question.muted],
    ]) {
      const element = item.querySelector(`[data-action="${action}"]`);
      if (element) element.hidden = !visible;
    }
    item.classList.toggle("forum-question--muted", Boolean(question.muted));
  }

  say(selector, message) {
    const element = this.find(selector);
    if (element) element.textContent = message;
  }

  actions(item, question, actions) {
    const group = document.createElement("div");
    group.className = "forum-question__actions";
    for (const [action, label] of actions) {
      const element = button(label, () => this.act(action, question, element));
      element.dataset.action = action;
      element.setAttribute("aria-label", `${label} : ${question.text}`);
      group.append(element);
    }
    item.append(group);
  }

  async act(action, question, element) {
    element.disabled = true;
    try {
      await this.talk.request(action, { question_id: question.id });
      this.say("[data-forum-message]", fill(this.text.done, { text: question.text }));
    } catch (error) {
      this.say("[data-forum-message]", this.talk.failure(error));
    } finally {
      element.disabled = false;
    }
  }
}
