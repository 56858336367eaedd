// The pupil's question form ([data-live-ask-form]): a character counter, the question sent over
// the room's socket, and slow mode (the button comes back when the server will accept the next
// question).
import { fill } from "./dom.js";

export class AskForm {
  constructor(form, page) {
    this.form = form;
    this.page = page;
    this.text = page.text;
    this.textarea = form.querySelector("textarea");
    this.submit = form.querySelector("[data-live-ask-submit]");
    this.counter = form.querySelector("[data-live-ask-counter]");
    this.feedback = form.querySelector("[data-live-ask-feedback]");
    this.max = page.config.maxLength;
    this.waitUntil = 0;
  }

  start() {
    this.textarea.addEventListener("input", () => this.count());
    this.count();
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
  }

  count() {
    this.counter.textContent = fill(this.text.counter, {
      count: this.textarea.value.length,
      max: this.max,
    });
  }

  say(message, kind) {
    this.feedback.textContent = message;
    this.feedback.dataset.kind = kind;
  }

  async send() {
    const text = this.textarea.value.trim();
    if (!text) {
      this.say(this.text.empty, "error");
      this.textarea.focus();
      return;
    }
    this.submit.disabled = true;
    try {
      await this.page.room.request("question.ask", { text });
      this.textarea.value = "";
      this.count();
      this.say(this.text.sent, "ok");
    } catch (error) {
      this.say(this.page.errorText(error), "error");
      if (error.code === "slow_mode" && error.details?.retry_after) {
        this.waitUntil = Date.now() + error.details.retry_after * 1000;
      }
    }
    window.setTimeout(
      () => {
        this.submit.disabled = this.page.ended;
      },
      Math.max(0, this.waitUntil - Date.now()),
    );
    this.textarea.focus();
  }
}
