// The town page: wires the Town façade to the page's own HTML (buttons, building list, help,
// messages), all rendered and translated by Django in fair/town.html. This file knows nothing
// of three.js.
import "./town.css";
import { keepForumCurrent } from "./forum-now.js";
import { Town, TownUnavailableError } from "./town/Town.js";

const MOTION_KEY = "usine.town.motion";

const isTyping = (target) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));

function readStorage(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered for the next visit; the choice still applies now.
  }
}

function boot(root) {
  const $ = (selector) => root.querySelector(selector);
  const message = (key) => root.querySelector(`[data-message="${key}"]`)?.textContent.trim() ?? "";
  const status = $("[data-town-status]");
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const textUrl = root.dataset.textUrl;
  const button = (action) => $(`[data-action="${action}"]`);

  function showFallback(selector) {
    const panel = $(selector);
    root.classList.add("town-unavailable");
    say("");
    if (panel) {
      panel.hidden = false;
      panel.querySelector("a, button")?.focus({ preventScroll: true });
    }
  }

  keepForumCurrent(root.querySelector("[data-forum-on-air]"));

  if (!Town.isSupported()) {
    showFallback("[data-town-fallback]");
    return;
  }

  const storedMotion = readStorage(MOTION_KEY);
  const motionQuery = matchMedia("(prefers-reduced-motion: reduce)");
  let reducedMotion = storedMotion ? storedMotion === "reduced" : motionQuery.matches;

  let town;
  try {
    town = new Town($("[data-town-view]"), {
      apiUrl: root.dataset.apiUrl,
      label: $("[data-town-label]"),
      reducedMotion,
    });
  } catch (error) {
    if (!(error instanceof TownUnavailableError)) console.error(error);
    showFallback("[data-town-fallback]");
    return;
  }
  window.usineTown = town;

  // --- the building list mirrors the scene ---------------------------------------------------
  const entries = new Map([...root.querySelectorAll("[data-slug]")].map((link) => [link.dataset.slug, link]));
  for (const [slug, link] of entries) {
    link.addEventListener("focus", () => town.focusBuilding(slug));
    link.addEventListener("mouseenter", () => town.highlight(slug));
    link.addEventListener("mouseleave", () => town.highlight(null));
  }

  const label = $("[data-town-label]");
  const hint = message(matchMedia("(pointer: coarse)").matches ? "tap-hint" : "click-hint");
  town.addEventListener("building-hovered", ({ detail: { building } }) => {
    for (const link of entries.values()) link.classList.toggle("is-highlighted", link.dataset.slug === building?.slug);
    if (!building || !label) return;
    label.querySelector("[data-label-name]").textContent = building.name;
    label.querySelector("[data-label-detail]").textContent = [building.company, building.sector_label, building.city]
      .filter(Boolean)
      .join(" · ");
    label.querySelector("[data-label-hint]").textContent = hint;
  });
  town.addEventListener("building-selected", ({ detail: { building } }) => {
    window.location.assign(building.url);
  });

  // --- controls ------------------------------------------------------------------------------
  const walkButton = button("walk");
  const qualityButton = button("quality");
  const motionButton = button("motion");
  const setPressed = (element, pressed) => element?.setAttribute("aria-pressed", String(pressed));

  button("zoom-in")?.addEventListener("click", () => town.zoomIn());
  button("zoom-out")?.addEventListener("click", () => town.zoomOut());
  button("reset")?.addEventListener("click", () => town.resetView());
  walkButton?.addEventListener("click", () => town.setWalking(!town.walking));
  qualityButton?.addEventListener("click", () => {
    town.setQuality(town.quality === "low" ? "high" : "low");
    setPressed(qualityButton, town.quality === "low");
    say(message(town.quality === "low" ? "quality-low" : "quality-high"));
  });
  function applyMotion(reduced) {
    reducedMotion = reduced;
    town.setReducedMotion(reduced);
    setPressed(motionButton, reduced);
  }
  motionButton?.addEventListener("click", () => {
    applyMotion(!reducedMotion);
    writeStorage(MOTION_KEY, reducedMotion ? "reduced" : "full");
  });
  motionQuery.addEventListener("change", (event) => {
    if (!readStorage(MOTION_KEY)) applyMotion(event.matches);
  });
  setPressed(motionButton, reducedMotion);

  town.addEventListener("mode-changed", ({ detail: { walking } }) => {
    setPressed(walkButton, walking);
    root.classList.toggle("town-walking", walking);
    for (const action of ["zoom-in", "zoom-out"]) {
      const element = button(action);
      if (element) element.disabled = walking;
    }
    say(message(walking ? "walk-on" : "walk-off"));
  });
  town.addEventListener("quality-changed", ({ detail: { level, auto } }) => {
    setPressed(qualityButton, level === "low");
    if (auto) say(message("quality-auto"));
  });

  // --- keyboard shortcuts (shown in the help) ------------------------------------------------
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    const actions = {
      t: () => window.location.assign(textUrl),
      m: () => town.setWalking(!town.walking),
      r: () => town.resetView(),
      "+": () => town.zoomIn(),
      "=": () => town.zoomIn(),
      "-": () => town.zoomOut(),
      escape: () => town.walking && town.setWalking(false),
    };
    const action = actions[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // --- start -------------------------------------------------------------------------------
  function start() {
    say(message("loading"));
    root.classList.add("town-loading");
    town
      .start()
      .then(() => {
        root.classList.remove("town-loading");
        setPressed(qualityButton, town.quality === "low");
        say(town.walking ? message("walk-on") : "");
      })
      .catch((error) => {
        console.error(error);
        root.classList.remove("town-loading");
        showFallback("[data-town-error]");
      });
  }
  button("retry")?.addEventListener("click", () => window.location.reload());
  start();
}

const root = document.getElementById("town");
if (root) boot(root);
