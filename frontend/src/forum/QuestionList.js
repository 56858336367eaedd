// A list of questions kept in step with the server's snapshots: one <li> per question, reused
// from one snapshot to the next, so that a keyboard user's focus on a button survives the
// updates that come every second.
import { fill } from "../live-room/dom.js";

export class QuestionList {
  // `decorate(li, question)` adds the buttons of the page's role to a new item.
  constructor(list, text, { decorate = () => {}, update = () => {} } = {}) {
    this.list = list;
    this.text = text;
    this.decorate = decorate;
    this.update = update;
    this.items = new Map(); // id → <li>
  }

  // Forget every item: the next render builds them again (the page's role became known).
  reset() {
    for (const item of this.items.values()) item.remove();
    this.items.clear();
  }

  render(questions) {
    const focused = document.activeElement;
    const keep = new Set();
    const ordered = [];
    for (const question of questions) {
      keep.add(question.id);
      let item = this.items.get(question.id);
      if (!item) {
        item = this.create(question);
        this.items.set(question.id, item);
      }
      this.fillItem(item, question);
      ordered.push(item);
    }
    for (const [id, item] of this.items) {
      if (!keep.has(id)) {
        item.remove();
        this.items.delete(id);
      }
    }
    const current = Array.from(this.list.children);
    if (current.length !== ordered.length || ordered.some((item, i) => current[i] !== item)) {
      for (const item of ordered) this.list.append(item);
      if (focused && this.list.contains(focused) && document.activeElement !== focused) {
        focused.focus();
      }
    }
  }

  create(question) {
    const item = document.createElement("li");
    item.className = "forum-question";
    item.dataset.questionId = question.id;
    const body = document.createElement("p");
    body.className = "forum-question__text";
    const meta = document.createElement("p");
    meta.className = "forum-question__meta";
    item.append(body, meta);
    this.decorate(item, question);
    return item;
  }

  fillItem(item, question) {
    item.querySelector(".forum-question__text").textContent = question.text;
    const who = question.class ? `${question.author} (${question.class})` : question.author;
    // French counts 0 like 1 (0 vote, 1 vote, 2 votes).
    const votes = fill(question.upvotes <= 1 ? this.text.one_vote : this.text.votes, {
      n: question.upvotes,
    });
    const parts = [who, votes];
    if (question.answered) parts.push(this.text.answered);
    if (question.flag) parts.push(fill(this.text.flagged, { reason: this.text[`flag_${question.flag}`] || question.flag }));
    item.querySelector(".forum-question__meta").textContent = parts.join(" · ");
    item.classList.toggle("forum-question--answered", Boolean(question.answered));
    item.classList.toggle("forum-question--pinned", Boolean(question.pinned));
    this.update(item, question);
  }
}
