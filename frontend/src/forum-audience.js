// The Forum talk's audience parts, each on the pages that carry its root element: the questions
// panel and the live captions (talk page), the moderation queue, the captioner page and the
// caption editor. The page carries its configuration in #forum-audience-config and its
// translated texts in #forum-audience-messages.
import { readJSON } from "./live-room/dom.js";
import { CaptionEditor } from "./forum/CaptionEditor.js";
import { Captioner } from "./forum/Captioner.js";
import { LiveCaptions } from "./forum/LiveCaptions.js";
import { ModerationPanel } from "./forum/ModerationPanel.js";
import { QuestionsPanel } from "./forum/QuestionsPanel.js";
import { TalkSocket } from "./forum/TalkSocket.js";

const config = readJSON("forum-audience-config");
const text = readJSON("forum-audience-messages") || {};
const find = (selector) => document.querySelector(selector);

if (config) {
  const editor = find("[data-forum-caption-editor]");
  if (editor) new CaptionEditor(editor, config, text).start();
  if (config.socket) {
    const talk = new TalkSocket(config.socket, text);
    const parts = [
      [find("[data-forum-questions]"), QuestionsPanel],
      [find("[data-forum-moderation]"), ModerationPanel],
      [find("[data-forum-captioner]"), Captioner],
      [find("[data-forum-live-captions]"), LiveCaptions],
    ];
    for (const [root, Part] of parts) if (root) new Part(root, talk, text).start();
    talk.connect();
  }
}
