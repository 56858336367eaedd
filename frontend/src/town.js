// The town page: wires the Town façade to the page's own HTML (buttons, building list, help,
// messages), all rendered and translated by Django in fair/town.html. This file knows nothing
// of three.js.
import "./town.css";
import { keepForumCurrent } from "./forum-now.js";
import { createInteriorPage } from "./interior/page.js";
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

  // --- addresses: the town, and inside a building (/batiments/<slug>/interieur/) --------------
  const SLUG = "__slug__";
  const data = root.dataset;
  const urlOf = (pattern, slug) => pattern.replace(SLUG, encodeURIComponent(slug));
  const insideMatch = data.insideUrl
    ? new RegExp(`^${data.insideUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(SLUG, "([^/]+)")}$`)
    : null;
  const slugInside = (path) => {
    const match = insideMatch && path.match(insideMatch);
    return match ? decodeURIComponent(match[1]) : null;
  };
  const startInside = slugInside(window.location.pathname);

  // No WebGL, or a data saver: the building's own page is its inside.
  const lightweight = () => Boolean(navigator.connection?.saveData);
  if (!Town.isSupported() || (startInside && lightweight())) {
    if (startInside) {
      window.location.replace(urlOf(data.buildingUrl, startInside));
      return;
    }
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
    link.addEventListener("focus", () => {
      prepareInside(slug);
      if (quietFocus) town.highlight(slug);
      else town.focusBuilding(slug);
    });
    link.addEventListener("mouseenter", () => town.highlight(slug));
    link.addEventListener("mouseleave", () => town.highlight(null));
  }

  const label = $("[data-town-label]");
  const hint = message(matchMedia("(pointer: coarse)").matches ? "tap-hint" : "click-hint");
  // A building the pointer rests on, or focused, is probably the next one entered: its inside is
  // prepared ahead (see Town.prepare).
  const insideAllowed = () => Boolean(data.interiorApi && data.insideUrl && town.loop && !town.slowDevice && !lightweight());
  let preparing = 0;
  function prepareInside(slug, { delay = 0 } = {}) {
    clearTimeout(preparing);
    const building = town.buildings[town.indexOf(slug)];
    if (!building || building.kind || !insideAllowed()) return;
    const prepare = () => town.prepare(slug, { url: urlOf(data.interiorApi, slug), messages: panelWords() }).catch(() => {});
    preparing = setTimeout(prepare, delay);
  }

  town.addEventListener("building-hovered", ({ detail: { building } }) => {
    if (building) prepareInside(building.slug, { delay: 150 });
    else clearTimeout(preparing);
    for (const link of entries.values()) link.classList.toggle("is-highlighted", link.dataset.slug === building?.slug);
    if (!building || !label) return;
    label.querySelector("[data-label-name]").textContent = building.name;
    const here = building.desk?.on_camera ? message("desk-live") : building.desk?.here_now?.length ? message("desk-here") : "";
    label.querySelector("[data-label-detail]").textContent = [building.company, building.sector_label, building.city, here]
      .filter(Boolean)
      .join(" · ");
    label.querySelector("[data-label-hint]").textContent = hint;
  });
  town.addEventListener("building-selected", ({ detail: { building } }) => {
    clearTimeout(preparing); // entering reads it now, or takes what was prepared
    goInside(building);
  });

  // --- inside a building ------------------------------------------------------------------------
  const interior = createInteriorPage({ root, town, message });
  const townTitle = document.title;
  const titleSuffix = townTitle.includes(" · ") ? townTitle.slice(townTitle.indexOf(" · ")) : "";
  let returnTo = null; // the list entry to give the focus back to on the way out
  let quietFocus = false;
  const panelWords = () => ({
    jobBoard: message("job-board"),
    shortage: message("shortage"),
    routes: message("routes"),
    noRoutes: message("no-routes"),
    demo: message("demo"),
    quiz: message("quiz"),
    quizDetail: message("quiz-detail"),
    desk: message("desk"),
  });
  const setPlace = (building) =>
    document.dispatchEvent(new CustomEvent("usine:place", { detail: { building } }));

  function showInside(inside) {
    root.classList.toggle("town-inside", inside);
    for (const node of root.querySelectorAll("[data-town-only]")) node.hidden = inside;
    for (const node of root.querySelectorAll("[data-inside-only]")) node.hidden = !inside;
  }

  // The town fades while a building is read from the network, only then: a prepared inside
  // comes in one frame, and a fade would only add compositing work before it.
  let entering = 0;
  const entered = () => {
    clearTimeout(entering);
    root.classList.remove("town-entering");
  };

  async function enter(slug) {
    if (!data.interiorApi) return;
    say(message("entering"));
    clearTimeout(entering);
    entering = setTimeout(() => root.classList.add("town-entering"), 300);
    try {
      await town.enter(slug, { url: urlOf(data.interiorApi, slug), messages: panelWords() });
    } catch (error) {
      entered();
      if (error.name === "AbortError") return;
      console.error(error);
      say(message("enter-failed"));
      window.location.assign(urlOf(data.buildingUrl, slug));
    }
  }

  /** A building chosen in the town: inside in 3D, or its page on a device that drew the town
   *  too slowly (its page is the light version of the same content). */
  function goInside(building) {
    // Only a company's building has an inside (the Forum's auditorium leads to its programme).
    if (building.kind || !data.insideUrl || town.slowDevice || lightweight()) {
      window.location.assign(building.url);
      return;
    }
    returnTo = entries.get(building.slug) ?? null;
    history.pushState({ inside: building.slug, fromTown: true }, "", urlOf(data.insideUrl, building.slug));
    enter(building.slug);
  }

  function goOut() {
    if (!town.inside && !town._entering) return;
    if (history.state?.fromTown) {
      history.back(); // popstate leaves
    } else {
      history.pushState({}, "", data.townUrl);
      town.leave();
    }
  }

  town.addEventListener("interior-entered", ({ detail }) => {
    entered();
    showInside(true);
    // Who is at the desk, from the town's data (the interior's own data is the same for all).
    interior.show({ ...detail, desk: town.buildings.find((building) => building.slug === detail.building.slug)?.desk });
    document.title = `${detail.building.name}${titleSuffix}`;
    setPlace(detail.building.slug);
    const welcome = message("inside").replace("%(name)s", detail.building.name);
    say(welcome);
    // The help stays in the side panel: the message leaves the view after a while.
    window.setTimeout(() => status?.textContent === welcome && say(""), 8000);
    root.querySelector("[data-interior-name]").focus({ preventScroll: true });
  });
  town.addEventListener("interior-left", () => {
    interior.hide();
    showInside(false);
    document.title = townTitle;
    setPlace("");
    say(message("outside"));
    if (returnTo) {
      quietFocus = true; // the camera stays where it was
      returnTo.focus({ preventScroll: true });
      quietFocus = false;
    }
  });

  window.addEventListener("popstate", () => {
    const slug = slugInside(window.location.pathname);
    if (slug) {
      returnTo = entries.get(slug) ?? null;
      enter(slug);
    } else {
      town.leave();
    }
  });

  // A plain click on a building of the list goes inside; a click with a modifier (new tab…) or
  // without the 3D town follows the link to the building's page.
  for (const [slug, link] of entries) {
    link.addEventListener("click", (event) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      if (!town.loop || !data.insideUrl || town.slowDevice || lightweight()) return;
      event.preventDefault();
      town.select(slug);
    });
  }
  button("leave")?.addEventListener("click", goOut);
  button("door")?.addEventListener("click", () => town.doorView());

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
  const insideActions = {
    t: () => window.location.assign(interior.building.url),
    r: () => town.doorView(),
    escape: goOut,
    arrowleft: () => interior.step(-1),
    arrowright: () => interior.step(1),
  };
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (town.inside) {
      if (interior.dialogOpen) return; // the dialog has its own keys (Escape closes it)
      const action = insideActions[event.key.toLowerCase()];
      if (!action) return;
      event.preventDefault();
      action();
      return;
    }
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

  // --- someone at a building's desk, maybe on camera: a badge in the list (the page is the same for all) ---
  function markDesks() {
    for (const building of town.buildings) {
      const link = entries.get(building.slug);
      if (!link || !building.desk?.here_now?.length) continue;
      const badge = document.createElement("span");
      const live = Boolean(building.desk.on_camera);
      badge.className = live ? "badge on-camera" : "badge here-now";
      badge.textContent = message(live ? "desk-live" : "desk-here");
      link.append(" ", badge);
    }
  }

  // --- start -------------------------------------------------------------------------------
  function start() {
    say(message("loading"));
    root.classList.add("town-loading");
    town
      .start()
      .then(() => {
        root.classList.remove("town-loading");
        markDesks();
        setPressed(qualityButton, town.quality === "low");
        say(town.walking ? message("walk-on") : "");
        // The inside's GPU programs compile while the visitor looks at the town.
        if (!startInside && insideAllowed()) {
          const warm = () => town.warmInterior().catch((error) => console.error(error));
          if (window.requestIdleCallback) window.requestIdleCallback(warm, { timeout: 2000 });
          else setTimeout(warm, 200);
        }
        if (startInside) {
          history.replaceState({ inside: startInside }, "");
          returnTo = entries.get(startInside) ?? null;
          enter(startInside);
        }
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
