// The Forum's speaker studio page and the organizers' backstage (usine/forum/studio.py).
import { Backstage } from "./forum/Backstage.js";
import { Studio } from "./forum/Studio.js";

function readJSON(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

const messages = readJSON("studio-messages") || {};
const root = document.querySelector("[data-studio]");
const config = readJSON("studio-config");
if (root && config) {
  const studio = new Studio(root, config, messages);
  window.usineStudio = studio; // for the browser tests and for debugging
  studio.start();
}
const facts = document.querySelector("[data-studio-state-url]");
if (facts && !root) new Backstage(facts, messages).start();
