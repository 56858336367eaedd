// The pupil's session bar (town and building pages): time left in the hour, the visit passport,
// and the class session's socket that moves the pupil to the live exchange at minute 60 or to
// the meeting point when the teacher gathers the class.
//
// Time comes from the server: the page carries the server's `now` and the hour's end; the
// difference with this computer's clock (skew) is kept and corrected by the socket's clock frame,
// so a reload, a wrong clock or another device all show the same time.
import "./session-bar.css";
import { FrameSocket } from "./socket.js";

const PING_MS = 5000; // building page: presence and time spent (PING_SECONDS on the server)
const REPORT_MS = 8000; // a playing testimonial: its position, at most this often
const WS_GRACE_MS = 1500; // at minute 60, the socket's "move" normally arrives first

const bar = document.querySelector("[data-session-bar]");
if (bar) start(bar);

function start(bar) {
  const data = bar.dataset;
  // What scrolls under the bar keeps room for it at its current height (an open passport makes
  // it taller): session-bar.css pads the town's sidebar and the footer with --session-bar-room.
  if (window.ResizeObserver) {
    const room = () => document.documentElement.style.setProperty("--session-bar-room", `${Math.ceil(bar.getBoundingClientRect().height) + 32}px`);
    new ResizeObserver(room).observe(bar);
    room();
  }
  const message = (name) => bar.querySelector(`[data-message="${name}"]`)?.textContent || "";
  const timeLeft = bar.querySelector("[data-time-left]");
  const timeLabel = bar.querySelector("[data-time-label]");
  const news = bar.querySelector("[data-session-news]");
  const liveLink = bar.querySelector("[data-live-link]");
  let skew = Date.parse(data.now) - Date.now(); // server clock minus this clock
  let startsAt = Date.parse(data.startsAt);
  let exploreEndsAt = Date.parse(data.exploreEndsAt);
  let liveUrl = data.liveUrl;
  let socket = null;
  let moving = false;
  let fallback = null;
  const announced = new Set();

  const serverNow = () => Date.now() + skew;
  let saying = null;
  const say = (text) => {
    // A polite live region announces a change of its text; clear first so a repeat is heard.
    // One announcement pending at a time: the latest one is what stays on screen.
    window.clearTimeout(saying);
    news.textContent = "";
    saying = window.setTimeout(() => (news.textContent = text), 50);
  };

  function go(url, text) {
    if (moving) return;
    moving = true;
    bar.dataset.moving = url;
    if (text) say(text);
    window.location.assign(url);
  }

  function two(n) {
    return String(n).padStart(2, "0");
  }

  function tick() {
    const now = serverNow();
    if (now < startsAt) {
      timeLabel.textContent = message("before");
      const s = Math.ceil((startsAt - now) / 1000);
      timeLeft.textContent = `${two(Math.floor(s / 60))}:${two(s % 60)}`;
      return;
    }
    timeLabel.textContent = message("left");
    const left = Math.max(0, Math.ceil((exploreEndsAt - now) / 1000));
    timeLeft.textContent = `${two(Math.floor(left / 60))}:${two(left % 60)}`;
    if (liveLink) {
      // The way in by hand, should the move not happen (a blocked navigation, a closed tab).
      liveLink.hidden = left > 0;
      liveLink.querySelector("a").href = liveUrl;
    }
    for (const minutes of [10, 5]) {
      if (left <= minutes * 60 && left > (minutes - 1) * 60 && !announced.has(minutes)) {
        announced.add(minutes);
        say(message("minutes").replace("%(n)s", minutes));
      }
    }
    if (left <= 60 && left > 0 && !announced.has(1)) {
      announced.add(1);
      say(message("minute"));
    }
    if (left <= 0 && !moving && fallback === null) {
      // The socket should move us; if it is closed or late, our own clock does.
      fallback = window.setTimeout(
        () => go(liveUrl, message("moving")),
        socket?.isOpen ? WS_GRACE_MS : 0,
      );
    }
  }

  // A stamp given by a page's own request (the building quiz, see games/quiz.js).
  document.addEventListener("usine:passport", ({ detail }) => detail && showPassport(detail));

  // --- the class session's socket (usine/schools/consumers.py) -------------------------------
  function connect() {
    socket = new FrameSocket(data.wsUrl, {
      onOpen: () => {
        bar.dataset.socket = "open";
        socket.request("here", { building: data.building || "" }).then(
          (reply) => reply.passport && showPassport(reply.passport),
          () => {}, // refused or offline: the next connection says it again
        );
      },
      onClose: () => {
        bar.dataset.socket = "closed";
        if (moving) socket.close();
      },
    });
    socket.on("clock", (payload) => {
      skew = Date.parse(payload.now) - Date.now();
      startsAt = Date.parse(payload.starts_at);
      exploreEndsAt = Date.parse(payload.explore_ends_at);
      liveUrl = payload.live_url || liveUrl;
      tick();
    });
    socket.on("move", (payload) => {
      go(payload.url, message(payload.reason === "gather" ? "gather" : "moving"));
    });
    socket.on("released", (payload) => go(payload.url, message("released")));
  }

  // --- the passport ----------------------------------------------------------------------------
  const count = bar.querySelector("[data-passport-count]");
  const sectors = bar.querySelector("[data-passport-sectors]");
  const list = bar.querySelector("[data-passport-list]");
  const complete = bar.querySelector("[data-passport-complete]");

  function showPassport(passport) {
    count.textContent = passport.buildings;
    sectors.textContent = passport.sectors;
    list.replaceChildren(
      ...passport.stamps.map((stamp) => {
        const item = document.createElement("li");
        item.textContent = `${stamp.name} `;
        const sector = document.createElement("span");
        sector.textContent = `(${stamp.sector})`;
        item.append(sector);
        return item;
      }),
    );
    complete.hidden = !passport.complete;
    bar.dataset.stamps = passport.buildings;
    if (passport.new_stamp) {
      bar.classList.add("stamped");
      window.setTimeout(() => bar.classList.remove("stamped"), 1200);
      say(
        `${message("stamp")} ${passport.new_stamp}.` +
          (passport.complete ? ` ${message("complete")}` : ""),
      );
    }
  }

  async function post(url, body) {
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrf },
        body: JSON.stringify(body),
      });
      if (response.ok) showPassport(await response.json());
    } catch (error) {
      // Offline for a moment: the next ping catches up.
    }
  }

  // Where the pupil is: a building (its page, or its inside in the 3D town) or the town. The town
  // page tells when the pupil steps in or out (event "usine:place", detail {building: slug or ""}).
  const ping = () => {
    if (data.building && document.visibilityState === "visible" && !moving) {
      post(data.visitUrl, { building: data.building });
    }
  };
  document.addEventListener("usine:place", ({ detail }) => {
    const building = detail?.building || "";
    if (building === (data.building || "")) return;
    data.building = building;
    // Out in the town again: the seat leaves the building at once (its clock stops).
    if (building) ping();
    else if (!moving) post(data.visitUrl, { building: "" });
    if (socket?.isOpen) socket.request("here", { building }).catch(() => {});
  });
  ping();
  window.setInterval(ping, PING_MS);

  // A testimonial watched stamps the building too. The server counts what the player says it
  // played (usine/schools/passport.py): its position on play and pause (the end too), and every
  // REPORT_MS while it plays, one report at a time so that they arrive in order. Players are
  // found when they play (video[data-testimonial]), whether the page drew them or a dialog did.
  const reports = new WeakMap();
  const report = (video, always) => {
    const id = Number(video.dataset.testimonial);
    if (!id || !data.building || moving) return;
    const state = reports.get(video) ?? { at: 0, queue: Promise.resolve() };
    reports.set(video, state);
    if (!always && Date.now() - state.at < REPORT_MS) return;
    state.at = Date.now();
    // The position when the report leaves, not when it was queued behind a slow one.
    state.queue = state.queue.then(() =>
      post(data.testimonialUrl, { testimonial: id, position: video.currentTime }),
    );
  };
  const players = (handler) => (event) => {
    if (event.target instanceof HTMLVideoElement && event.target.dataset.testimonial) handler(event.target);
  };
  // Media events do not bubble: listen while they go down (capture).
  document.addEventListener("play", players((video) => report(video, true)), true);
  document.addEventListener("pause", players((video) => report(video, true)), true); // the end too
  document.addEventListener("timeupdate", players((video) => video.paused || report(video, false)), true);

  tick();
  window.setInterval(tick, 1000);
  if ("WebSocket" in window) connect();
}
