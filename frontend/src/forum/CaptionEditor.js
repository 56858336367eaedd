// The caption editor of a talk's replay (forum/caption_editor.html): every cue as a row (start,
// end, text) under the replay's player, and a time line drawing the cues over the replay's
// length. "Aller à" plays from a cue; "Début ici" / "Fin ici" take the player's time; a new cue
// starts where the player stands. Saving sends every row as JSON (usine.forum.captions.save_cues
// checks them); the server's message says what to fix. Everything is a button or a field: the
// keyboard reaches it all, and the time line is a drawing of the same list.
import { button, fill } from "../live-room/dom.js";
import { clock } from "./Captioner.js";

const DEFAULT_CUE_S = 3;

export function parseTime(value) {
  const match = /^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d{1,3})?)\s*$/.exec(value);
  if (!match) return null;
  const [, h, m, s] = match;
  return Number(h || 0) * 3600 + Number(m) * 60 + Number(s.replace(",", "."));
}

export function formatTime(seconds) {
  const millis = Math.round((seconds % 1) * 1000);
  return `${clock(seconds)}.${String(millis).padStart(3, "0")}`;
}

export class CaptionEditor {
  constructor(root, config, text) {
    this.root = root;
    this.config = config;
    this.text = text;
    this.find = (selector) => root.querySelector(selector);
    this.video = document.querySelector("[data-forum-video]") || document.querySelector("video");
    this.rows = this.find("[data-forum-cues]");
    this.timeline = this.find("[data-forum-timeline]");
  }

  start() {
    for (const cue of this.config.cues || []) this.addRow(cue);
    this.find("[data-forum-add-cue]").addEventListener("click", () => {
      const at = this.video ? this.video.currentTime : this.lastEnd();
      const row = this.addRow({ start: at, end: at + DEFAULT_CUE_S, text: "" }, { sorted: true });
      row.querySelector("[data-field=text]").focus();
    });
    this.find("[data-forum-save]").addEventListener("click", () => this.save());
    if (this.video) this.video.addEventListener("timeupdate", () => this.highlight());
    this.drawTimeline();
  }

  lastEnd() {
    const ends = this.values().map((cue) => cue.end).filter((end) => end !== null);
    return ends.length ? Math.max(...ends) : 0;
  }

  field(name, value, label) {
    const input = document.createElement("input");
    input.type = "text";
    input.dataset.field = name;
    input.value = value;
    input.setAttribute("aria-label", label);
    if (name === "text") input.maxLength = this.config.max_length;
    else input.inputMode = "decimal";
    input.addEventListener("change", () => this.drawTimeline());
    return input;
  }

  addRow(cue, { sorted = false } = {}) {
    const row = document.createElement("li");
    row.className = "forum-cue";
    const number = this.rows.children.length + 1;
    const start = this.field("start", formatTime(cue.start), fill(this.text.cue_start, { n: number }));
    const end = this.field("end", formatTime(cue.end), fill(this.text.cue_end, { n: number }));
    const words = this.field("text", cue.text, fill(this.text.cue_text, { n: number }));
    const take = (input) => () => {
      if (this.video) input.value = formatTime(this.video.currentTime);
      this.drawTimeline();
    };
    row.append(
      start,
      end,
      words,
      button(this.text.go_to, () => this.seek(parseTime(start.value))),
      button(this.text.start_here, take(start)),
      button(this.text.end_here, take(end)),
      button(this.text.remove, () => {
        const next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        this.drawTimeline();
        (next ? next.querySelector("[data-field=text]") : this.find("[data-forum-add-cue]")).focus();
      }),
    );
    const after = sorted
      ? Array.from(this.rows.children).find((other) => parseTime(other.querySelector("[data-field=start]").value) > cue.start)
      : null;
    this.rows.insertBefore(row, after || null);
    this.drawTimeline();
    return row;
  }

  values() {
    return Array.from(this.rows.children).map((row) => ({
      start: parseTime(row.querySelector("[data-field=start]").value),
      end: parseTime(row.querySelector("[data-field=end]").value),
      text: row.querySelector("[data-field=text]").value,
    }));
  }

  seek(seconds) {
    if (!this.video || seconds === null) return;
    this.video.currentTime = seconds;
    this.video.play().catch(() => {});
  }

  highlight() {
    const now = this.video.currentTime;
    for (const row of this.rows.children) {
      const start = parseTime(row.querySelector("[data-field=start]").value);
      const end = parseTime(row.querySelector("[data-field=end]").value);
      row.classList.toggle("forum-cue--current", start !== null && start <= now && now < end);
    }
  }

  drawTimeline() {
    if (!this.timeline) return;
    const cues = this.values();
    const length = Math.max(
      (this.video && Number.isFinite(this.video.duration) && this.video.duration) || 0,
      ...cues.map((cue) => cue.end || 0),
      1,
    );
    this.timeline.replaceChildren();
    cues.forEach((cue, index) => {
      if (cue.start === null || cue.end === null) return;
      const block = document.createElement("span");
      block.className = "forum-timeline__cue";
      block.style.left = `${(100 * cue.start) / length}%`;
      block.style.width = `${Math.max(0.3, (100 * (cue.end - cue.start)) / length)}%`;
      block.title = cue.text;
      block.addEventListener("click", () => {
        this.seek(cue.start);
        this.rows.children[index]?.querySelector("[data-field=text]").focus();
      });
      this.timeline.append(block);
    });
  }

  async save() {
    const cues = this.values();
    const bad = cues.findIndex((cue) => cue.start === null || cue.end === null);
    if (bad >= 0) {
      this.say(fill(this.text.bad_time, { n: bad + 1 }));
      this.rows.children[bad].querySelector("[data-field=start]").focus();
      return;
    }
    const saving = this.find("[data-forum-save]");
    saving.disabled = true;
    try {
      const response = await fetch(this.config.save_url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": this.config.csrf },
        body: JSON.stringify({ cues }),
        credentials: "same-origin",
      });
      const answer = await response.json().catch(() => ({}));
      this.say(response.ok ? fill(this.text.saved, { n: answer.saved }) : answer.error || this.text.offline);
    } catch {
      this.say(this.text.offline);
    } finally {
      saving.disabled = false;
    }
  }

  say(message) {
    this.find("[data-forum-editor-message]").textContent = message;
  }
}
