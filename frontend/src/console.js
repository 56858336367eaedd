// The teacher's console: presence of each pseudonym, refreshed over the class session's console
// socket (ws/classe/<booking>/console/, usine/schools/consumers.py). Without JavaScript the page
// still shows the state at load time and its forms (free a pseudonym, gather the class) work.
import { FrameSocket } from "./socket.js";

const root = document.querySelector("[data-console]");
if (root) start(root);

function start(root) {
  const status = document.querySelector("[data-console-status]");
  const rows = root.querySelector("[data-console-rows]");
  const message = (name) => document.querySelector(`[data-message="${name}"]`)?.textContent || "";
  const goal = root.dataset.goal;
  const plurals = new Intl.PluralRules(document.documentElement.lang || "fr");
  const csrf = document.querySelector("[data-console-gather] input[name=csrfmiddlewaretoken]")?.value;
  const freeUrl = (id) => root.dataset.freeUrl.replace(/\/0\/$/, `/${id}/`);

  function cell(row, name) {
    return row.querySelector(`[data-cell="${name}"]`);
  }

  function render(pupils) {
    let connected = 0;
    for (const pupil of pupils) {
      const row = rows.querySelector(`tr[data-pupil="${pupil.id}"]`);
      if (!row) continue;
      if (pupil.connected) connected += 1;
      row.dataset.connected = pupil.connected ? "yes" : "no";
      cell(row, "connected").textContent = message(pupil.connected ? "connected" : "offline");
      cell(row, "building").textContent = pupil.building || "—";
      cell(row, "passport").textContent = `${pupil.stamps}/${goal}${pupil.complete ? " ✓" : ""}`;
      const action = cell(row, "action");
      const hasForm = action.querySelector("form");
      if (pupil.claimed && !hasForm) {
        const form = document.createElement("form");
        form.method = "post";
        form.action = freeUrl(pupil.id);
        form.innerHTML = `<input type="hidden" name="csrfmiddlewaretoken"><button type="submit" class="secondary"></button>`;
        form.querySelector("input").value = csrf;
        form.querySelector("button").textContent = `${message("free")} `;
        const hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = pupil.pseudonym;
        form.querySelector("button").append(hidden);
        action.append(form);
      } else if (!pupil.claimed && hasForm && !hasForm.contains(document.activeElement)) {
        hasForm.remove();
      }
    }
    // French puts 0 and 1 in the singular, English only 1: the page's language decides.
    const form = plurals.select(connected) === "one" ? "connected-one" : "connected-many";
    document.querySelector("[data-console-connected]").textContent = message(form)
      .replace("{connected}", connected)
      .replace("{total}", pupils.length);
  }

  const socket = new FrameSocket(root.dataset.wsUrl, {
    onOpen: () => {
      root.dataset.live = "yes";
    },
    onStatus: (state) => {
      if (state === "closed") status.textContent = message("lost");
    },
    onClose: () => {
      root.dataset.live = "no";
    },
  });
  socket.on("presence", (payload) => render(payload.pupils));
}
