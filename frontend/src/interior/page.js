// The page's side of a building's inside (the town page, fair/town.html): the list of stations in
// the side panel, the dialog a station opens (a testimonial's video with its captions, a job
// profile, the demos, the quiz kiosk and the company's desk), and the text version's link. Every
// word comes from the page (translated by Django) or from the building's JSON. Knows nothing of
// three.js: it talks to the Town façade.
import { prepareVideo, releaseVideo } from "../video.js";

const KIND_MESSAGES = { testimonial: "kind-testimonial", job: "kind-job", demo: "kind-demo", quiz: "kind-quiz", desk: "kind-desk" };

function element(tag, properties = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child != null));
  return node;
}

export function createInteriorPage({ root, town, message }) {
  const $ = (selector) => root.querySelector(selector);
  const list = $("[data-interior-stations]");
  const dialog = $("[data-interior-dialog]");
  const dialogTitle = $("[data-dialog-title]");
  const dialogBody = $("[data-dialog-body]");
  const label = $("[data-town-label]");
  const touch = matchMedia("(pointer: coarse)").matches;
  let buttons = [];
  let current = null;
  let deskState = null; // who is at the desk, from the town's data (on_camera: the desk is live)
  let opener = null;

  function video(source, { testimonial = null, title }) {
    const player = element("video", {
      className: "hls-video",
      controls: true,
      playsInline: true,
      preload: "none",
      crossOrigin: "anonymous",
      poster: source.poster || "",
      width: 768,
      height: 432,
      "aria-label": title,
      dataset: { hls: source.hls, hlsErrorMessage: message("video-failed"), ...(testimonial ? { testimonial: String(testimonial) } : {}) },
    });
    if (source.captions) {
      player.append(
        element("track", { kind: "captions", src: source.captions, srclang: source.captions_language || "fr", label: source.captions_label, default: true }),
      );
    }
    player.append(element("p", { textContent: message("no-video") }));
    return player;
  }

  const link = (href, text, className = "") => element("a", { href, textContent: text, className });

  function testimonialBody(testimonial) {
    return [
      element("p", { className: "interior-dialog-lead", textContent: `${testimonial.job} · ${testimonial.role}` }),
      video(testimonial, { testimonial: testimonial.id, title: `${testimonial.name}, ${testimonial.job}` }),
      element("p", {}, [link(testimonial.url, message("testimonial-more"))]),
    ];
  }

  function jobBody(job) {
    const routes = job.routes.length
      ? job.routes.map((route) => element("li", {}, [element("strong", { textContent: route.name }), ` — ${route.kind}, ${route.duration}`]))
      : [element("li", { textContent: message("no-routes") })];
    return [
      job.in_shortage ? element("p", {}, [element("span", { className: "badge shortage", textContent: message("shortage") })]) : null,
      element("p", { textContent: job.description }),
      element("dl", {}, [
        element("dt", { textContent: message("skills") }),
        element("dd", {}, [element("ul", {}, job.skills.map((skill) => element("li", { textContent: skill })))]),
        element("dt", { textContent: message("conditions") }),
        element("dd", { textContent: job.conditions }),
        element("dt", { textContent: message("salary") }),
        element("dd", { textContent: job.salary }),
        element("dt", { textContent: message("routes-long") }),
        element("dd", {}, [element("ol", { className: "training-routes" }, routes)]),
      ]),
      element("p", {}, [link(job.url, message("job-more"))]),
    ];
  }

  function demoBody(demos) {
    return demos.map((demo) =>
      element("article", { className: "demo" }, [
        element("h3", { textContent: demo.title }),
        demo.description ? element("p", { textContent: demo.description }) : null,
        demo.video
          ? video(demo.video, { title: demo.title })
          : element(
              "ul",
              { className: "photo-series" },
              demo.photos.map((photo) =>
                element("li", {}, [
                  element("figure", {}, [
                    element("img", { src: photo.url, alt: photo.alt, loading: "lazy" }),
                    element("figcaption", { textContent: photo.alt }),
                  ]),
                ]),
              ),
            ),
      ]),
    );
  }

  function stationBody(station) {
    switch (station.kind) {
      case "testimonial":
        return testimonialBody(station.item);
      case "job":
        return jobBody(station.item);
      case "demo":
        return demoBody(station.item);
      case "quiz":
        return [element("p", { textContent: message("quiz-text") }), element("p", {}, [link(station.item?.url ?? "", message("quiz-open"), "button")])];
      default:
        if (deskState?.on_camera)
          return [
            element("p", {}, [element("span", { className: "badge on-camera", textContent: message("desk-live") }), " ", message("desk-live-text")]),
            element("p", {}, [link(station.item?.ask ?? station.item?.url ?? "", message("desk-live-open"), "button")]),
          ];
        return [element("p", { textContent: message("desk-text") }), element("p", {}, [link(station.item?.url ?? "", message("desk-open"), "button")])];
    }
  }

  function open(station) {
    close();
    opener = buttons[station.index] ?? null;
    dialogTitle.textContent = station.kind === "testimonial" ? station.item.name : station.name;
    dialog.dataset.kind = station.kind;
    dialogBody.replaceChildren(...stationBody(station).filter(Boolean));
    dialogBody.querySelectorAll("video[data-hls]").forEach(prepareVideo);
    dialog.showModal();
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener("close", () => {
    dialogBody.querySelectorAll("video").forEach(releaseVideo);
    dialogBody.replaceChildren();
    opener?.focus({ preventScroll: true });
    opener = null;
  });
  $("[data-action='close-dialog']").addEventListener("click", close);
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) close();
  });

  town.addEventListener("station-hovered", ({ detail: { station } }) => {
    for (const button of buttons) button.classList.toggle("is-highlighted", Number(button.dataset.station) === station?.index);
    if (!station || !label) return;
    label.querySelector("[data-label-name]").textContent = station.name;
    label.querySelector("[data-label-detail]").textContent = station.detail || "";
    label.querySelector("[data-label-hint]").textContent = message(touch ? "open-tap-hint" : "open-hint");
  });
  town.addEventListener("station-selected", ({ detail: { station } }) => open(station));

  return {
    get dialogOpen() {
      return dialog.open;
    },
    /** Fills the side panel for the building just entered. */
    show({ building, stations, desk = null }) {
      current = building;
      deskState = desk;
      $("[data-interior-name]").textContent = building.name;
      $("[data-interior-company]").textContent = [building.company, building.sector_label, building.city].filter(Boolean).join(" · ");
      $("[data-interior-about]").textContent = building.description || building.about;
      for (const anchor of root.querySelectorAll("a[data-interior-text]")) anchor.href = building.url;
      buttons = stations.map((station) => {
        const button = element("button", { type: "button", className: "interior-station", dataset: { station: String(station.index), kind: station.kind } }, [
          element("span", { className: "interior-station-kind", textContent: message(KIND_MESSAGES[station.kind]) }),
          element("span", { textContent: station.kind === "testimonial" ? `${station.item.name}, ${station.item.job}` : station.name }),
          station.kind === "desk" && desk?.on_camera ? element("span", { className: "badge on-camera", textContent: message("desk-live") }) : null,
        ].filter(Boolean));
        button.addEventListener("focus", () => town.focusStation(station.index));
        button.addEventListener("mouseenter", () => town.highlightStation(station.index));
        button.addEventListener("mouseleave", () => town.highlightStation(-1));
        button.addEventListener("click", () => open(station));
        return button;
      });
      list.replaceChildren(...buttons.map((button) => element("li", {}, [button])));
    },
    hide() {
      close();
      current = null;
      deskState = null;
      buttons = [];
      list.replaceChildren();
    },
    get building() {
      return current;
    },
    /** ← → move between stations (their buttons take the focus, the camera follows). */
    step(direction) {
      if (!buttons.length) return;
      const at = buttons.indexOf(document.activeElement);
      const next = at < 0 ? (direction > 0 ? 0 : buttons.length - 1) : (at + direction + buttons.length) % buttons.length;
      buttons[next].focus();
    },
  };
}
