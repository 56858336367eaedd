// The captioner page (forum/captioner.html): a person types what is said; Enter sends the line
// as a caption (usine/forum/captions.py stamps it with the stream time) and clears the field for
// the next. The lines sent show below, newest first.
import { fill } from "../live-room/dom.js";

const SHOWN = 20;

export class Captioner {
  constructor(root, talk, text) {
    this.root = root;
    this.talk = talk;
    this.text = text;
    this.find = (selector) => root.querySelector(selector);
  }

  start() {
    this.talk.onStatus((message) => this.say("[data-forum-status]", message));
    const form = this.find("[data-forum-caption-form]");
    const field = form.querySelector("input, textarea");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const line = field.value;
      if (!line.trim()) return;
      field.value = "";
      try {
        const cue = await this.talk.request("caption.add", { text: line });
        this.sent(cue);
        this.say("[data-forum-caption-message]", "");
      } catch (error) {
        // Give the line back: nothing typed is lost.
        if (!field.value) field.value = line;
        this.say("[data-forum-caption-message]", this.talk.failure(error));
      }
    });
  }

  say(selector, message) {
    const element = this.find(selector);
    if (element) element.textContent = message;
  }

  sent(cue) {
    const list = this.find("[data-forum-caption-sent]");
    const item = document.createElement("li");
    item.textContent = fill(this.text.cue_line, { time: clock(cue.start), text: cue.text });
    list.prepend(item);
    while (list.children.length > SHOWN) list.lastChild.remove();
  }
}

export function clock(seconds) {
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = String(Math.floor((whole % 3600) / 60)).padStart(2, "0");
  const s = String(whole % 60).padStart(2, "0");
  return h ? `${h}:${m}:${s}` : `${m}:${s}`;
}
