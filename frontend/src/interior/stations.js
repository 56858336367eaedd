// The stations of a building's inside and where they stand: the testimonials' screens on the back
// wall (seen from the door), the job boards along the left wall, the demo corner, the quiz kiosk
// and the company's desk along the right wall. A station is drawn in its own frame (its front
// toward +z), from the town's shared parts and a few canvas panels.
import { COLORS } from "../town/scene/palette.js";
import { createPanel, playSign, text, wrap } from "./panels.js";

const part = (shape, p, s, color, extra = {}) => ({ shape, p, s, color, ...extra });
const css = (hex) => `#${hex.toString(16).padStart(6, "0")}`;
const SCREEN_GAP = 5.2;
const SIDE_GAP = 4;

function screenFace(testimonial, accent) {
  return (context, w, h, image = null) => {
    if (image) {
      const scale = Math.max(w / image.width, h / image.height);
      context.drawImage(image, (w - image.width * scale) / 2, (h - image.height * scale) / 2, image.width * scale, image.height * scale);
    } else {
      const gradient = context.createLinearGradient(0, 0, w, h);
      gradient.addColorStop(0, "#14212b");
      gradient.addColorStop(1, css(accent));
      context.fillStyle = gradient;
      context.fillRect(0, 0, w, h);
    }
    context.fillStyle = "rgba(20, 33, 43, 0.78)";
    context.fillRect(0, h - 86, w, 86);
    text(context, testimonial.name, 22, h - 48, { size: 34, weight: 700 });
    text(context, `${testimonial.job} · ${testimonial.role}`, 22, h - 14, { size: 24, weight: 400, color: "#dfe7ee" });
    playSign(context, w / 2, (h - 86) / 2, 46);
  };
}

function testimonialStation(testimonial, accent) {
  const face = screenFace(testimonial, accent);
  return {
    kind: "testimonial",
    name: testimonial.name,
    detail: testimonial.job,
    lookY: 2.2,
    parts: [
      part("box", [0, 0.9, -0.1], [4.4, 2.7, 0.2], COLORS.dark),
      part("box", [-1.5, 0, -0.1], [0.16, 0.9, 0.16], COLORS.steel),
      part("box", [1.5, 0, -0.1], [0.16, 0.9, 0.16], COLORS.steel),
      part("box", [0, 0, 0.35], [3.6, 0.45, 0.7], COLORS.dark, { detail: true }),
    ],
    panels: [{ at: [0, 2.25, 0.01], mesh: createPanel({ width: 4.1, height: 2.3, draw: face }) }],
    poster: testimonial.poster,
    paintPoster: face,
  };
}

function jobStation(job, accent, messages) {
  const draw = (context, w, h) => {
    context.fillStyle = "#fbfaf7";
    context.fillRect(0, 0, w, h);
    context.fillStyle = css(accent);
    context.fillRect(0, 0, w, 78);
    text(context, messages.jobBoard.toUpperCase(), 24, 52, { size: 30, weight: 700 });
    context.font = `700 46px ${"system-ui, sans-serif"}`;
    let y = 140;
    for (const line of wrap(context, job.title, w - 48, 3)) {
      text(context, line, 24, y, { size: 46, weight: 700, color: "#14212b" });
      y += 54;
    }
    if (job.in_shortage) {
      context.fillStyle = "#c8412f";
      context.fillRect(24, y - 20, w - 48, 46);
      text(context, messages.shortage, 36, y + 12, { size: 28, weight: 700 });
      y += 60;
    }
    y += 16;
    text(context, messages.routes, 24, y, { size: 28, weight: 700, color: "#3d4a55" });
    y += 40;
    if (!job.routes.length) text(context, messages.noRoutes, 24, y, { size: 26, weight: 400, color: "#14212b" });
    for (const route of job.routes.slice(0, 4)) {
      context.font = `400 26px system-ui, sans-serif`;
      for (const line of wrap(context, `• ${route.name}`, w - 48, 2)) {
        text(context, line, 24, y, { size: 26, weight: 400, color: "#14212b" });
        y += 32;
      }
    }
    text(context, job.salary, 24, h - 28, { size: 28, weight: 700, color: css(accent) });
  };
  return {
    kind: "job",
    name: job.title,
    detail: messages.jobBoard,
    lookY: 1.7,
    parts: [
      part("box", [0, 0, -0.15], [2.3, 3.1, 0.25], accent),
      part("box", [0, 0, 0.1], [1.6, 0.15, 0.9], COLORS.dark),
    ],
    panels: [{ at: [0, 1.65, 0], mesh: createPanel({ width: 2.1, height: 2.8, pixels: 480, draw }) }],
  };
}

function demoStation(demos, accent, messages) {
  const first = demos[0];
  const draw = (context, w, h) => {
    context.fillStyle = css(accent);
    context.fillRect(0, 0, w, h);
    text(context, messages.demo.toUpperCase(), 24, 56, { size: 38, weight: 800 });
    context.font = `600 34px system-ui, sans-serif`;
    let y = 110;
    for (const line of wrap(context, first.title, w - 48, 2)) {
      text(context, line, 24, y, { size: 34 });
      y += 42;
    }
    if (demos.some((demo) => demo.video)) playSign(context, w - 70, h - 66, 40);
  };
  return {
    kind: "demo",
    name: messages.demo,
    detail: first.title,
    lookY: 1.4,
    parts: [
      part("box", [0, 0, 0], [3, 0.9, 1.5], COLORS.dark),
      part("box", [0, 0.9, 0], [3, 0.06, 1.5], COLORS.steel),
      part("cylinder", [0.8, 0.96, 0.3], [0.7, 0.5, 0.7], accent),
      part("box", [-0.6, 0.96, 0.3], [0.9, 0.3, 0.6], COLORS.orange, { detail: true }),
      part("box", [0, 0.96, -0.6], [2, 1.3, 0.12], COLORS.dark),
    ],
    panels: [{ at: [0, 1.62, -0.53], mesh: createPanel({ width: 1.9, height: 1.07, pixels: 448, draw }) }],
  };
}

function quizStation(accent, messages) {
  const draw = (context, w, h) => {
    context.fillStyle = "#14212b";
    context.fillRect(0, 0, w, h);
    context.fillStyle = css(accent);
    context.beginPath();
    context.arc(w / 2, h * 0.4, w * 0.3, 0, Math.PI * 2);
    context.fill();
    text(context, "?", w / 2, h * 0.4 + 62, { size: 180, weight: 800, align: "center" });
    text(context, messages.quiz, w / 2, h - 60, { size: 42, weight: 700, align: "center" });
  };
  return {
    kind: "quiz",
    name: messages.quiz,
    detail: messages.quizDetail,
    lookY: 1.4,
    parts: [
      part("box", [0, 0, 0], [1.2, 0.9, 0.8], COLORS.dark),
      part("box", [0, 0.9, -0.15], [1.3, 1.9, 0.2], accent),
    ],
    panels: [{ at: [0, 1.85, -0.04], mesh: createPanel({ width: 1.1, height: 1.6, pixels: 360, draw }) }],
  };
}

function deskStation(building, accent, messages) {
  const draw = (context, w, h) => {
    context.fillStyle = "#fbfaf7";
    context.fillRect(0, 0, w, h);
    context.fillStyle = css(accent);
    context.fillRect(0, 0, 18, h);
    text(context, messages.desk, 40, 62, { size: 44, weight: 800, color: "#14212b" });
    text(context, building.company, 40, 118, { size: 34, weight: 400, color: "#3d4a55" });
  };
  return {
    kind: "desk",
    inset: 1.8, // room for the chair behind it
    name: messages.desk,
    detail: building.company,
    lookY: 1.5,
    parts: [
      part("box", [0, 0, 0.2], [3, 1.1, 0.9], accent),
      part("box", [0, 1.1, 0.2], [3.2, 0.08, 1.1], COLORS.white),
      part("box", [0.7, 1.18, 0.1], [0.7, 0.45, 0.05], COLORS.dark, { detail: true }),
      part("box", [0, 0, -0.9], [0.7, 0.5, 0.7], COLORS.dark, { detail: true }),
      part("box", [0, 0.5, -0.9], [0.6, 0.7, 0.1], COLORS.dark, { detail: true }),
    ],
    panels: [{ at: [0, 2.3, -1.2], mesh: createPanel({ width: 2.6, height: 0.64, pixels: 512, draw }) }],
  };
}

/** How many stations stand on the back wall and along each side (the room's size follows). */
export function stationCounts(data) {
  return {
    back: data.testimonials.length,
    side: Math.max(data.jobs.length, 2 + (data.demos.length ? 1 : 0)),
  };
}

/** Every station of the building, placed in the room: [{kind, item, name, detail, x, z,
 *  orientation (degrees, its front's bearing), parts, panels, lookY}]. */
export function createStations(data, room, messages) {
  const accent = room.colors.accent;
  const { width, depth } = room;
  const stations = [];
  const place = (station, x, z, orientation, item) => stations.push({ ...station, item, x, z, orientation });

  data.testimonials.forEach((testimonial, i) => {
    const x = (i - (data.testimonials.length - 1) / 2) * SCREEN_GAP;
    place(testimonialStation(testimonial, accent), x, -depth / 2 + 0.4, 0, testimonial);
  });
  data.jobs.forEach((job, i) => {
    place(jobStation(job, accent, messages), -width / 2 + 0.4, -depth / 2 + 3.5 + i * SIDE_GAP, 90, job);
  });
  const right = [];
  if (data.demos.length) right.push([demoStation(data.demos, accent, messages), data.demos]);
  right.push([quizStation(accent, messages), data.stations?.quiz ?? null]);
  right.push([deskStation(data.building, accent, messages), data.stations?.desk ?? null]);
  right.forEach(([station, item], i) => {
    place(station, width / 2 - (station.inset ?? 0.6), -depth / 2 + 3.5 + i * SIDE_GAP, -90, item);
  });
  return stations.map((station, index) => ({ ...station, index }));
}
