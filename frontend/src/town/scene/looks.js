// What each look of Building.Look is made of: parts in the building's own frame (metres), within
// a 26 m square footprint. A building's front (doors, toward its street) faces +z at orientation 0;
// sea-front sites turn their front to the quay road, so their water side is their back (-z).
// A part is {shape, p: position, s: scale, color, r: rotation (optional), detail: small part
// skipped in low quality}. Shapes are the shared geometries of geometries.js.
import { ACCENTS, COLORS, CONTAINERS, pick, ROOFS, seeded, WALLS } from "./palette.js";

const part = (shape, p, s, color, extra = {}) => ({ shape, p, s, color, ...extra });
const detail = (shape, p, s, color, extra = {}) => part(shape, p, s, color, { ...extra, detail: true });

function hangar({ wall, accent }) {
  return [
    part("box", [0, 0, -1], [24, 4, 22], wall),
    part("vault", [0, 4, -1], [24, 18, 22], COLORS.steel),
    part("box", [0, 0, 10], [16, 9.5, 0.6], COLORS.dark),
    detail("box", [0, 9.5, 10.1], [16.4, 0.7, 0.6], accent),
    detail("cylinder", [11, 0, 12], [0.25, 7, 0.25], COLORS.white),
    detail("cone", [11.1, 6.6, 12], [0.9, 1.8, 0.9], COLORS.orange, { r: [0, 0, -Math.PI / 2] }),
  ];
}

function crane(x, color) {
  return [
    part("box", [x - 2.4, 0, 1], [0.8, 17, 0.8], color),
    part("box", [x + 2.4, 0, 1], [0.8, 17, 0.8], color),
    part("box", [x - 2.4, 0, 9], [0.8, 17, 0.8], color),
    part("box", [x + 2.4, 0, 9], [0.8, 17, 0.8], color),
    part("box", [x, 16, 5], [5.6, 1.2, 9.6], color),
    part("box", [x, 17.2, 13], [1.4, 1.4, 30], color),
    part("box", [x, 17.2, 1.5], [4.4, 3, 5], COLORS.white),
    detail("box", [x, 18.6, 5], [0.6, 7, 0.6], color),
    detail("box", [x, 15.4, 20], [1.6, 1.6, 2], COLORS.dark),
  ];
}

function port({ wall, random }) {
  const parts = [...crane(-6, COLORS.yellow), ...crane(6, COLORS.red)];
  for (let i = 0; i < 3; i += 1) {
    for (let j = 0; j < 3; j += 1) {
      const stack = 1 + Math.floor(random() * 3);
      for (let k = 0; k < stack; k += 1) {
        const make = k === 0 ? part : detail;
        parts.push(make("box", [-9 + i * 6.2, k * 2.6, -12 + j * 2.9], [5.8, 2.5, 2.6], pick(random, CONTAINERS)));
      }
    }
  }
  parts.push(part("box", [10, 0, -8], [5, 6, 7], wall));
  for (const x of [-11, -3, 3, 11]) parts.push(detail("cylinder", [x, 0, 12.6], [0.6, 0.8, 0.6], COLORS.dark));
  return parts;
}

function workshop({ wall, accent, roof }) {
  const parts = [part("box", [0, 0, 0], [24, 6, 20], wall)];
  for (const z of [-7.5, -2.5, 2.5, 7.5]) {
    parts.push(part("wedge", [0, 6, z], [5, 3, 24], roof, { r: [0, Math.PI / 2, 0] }));
    parts.push(detail("box", [0, 6, z + 2.45], [23.4, 2.6, 0.2], COLORS.glass));
  }
  parts.push(part("box", [4, 0, 10], [7, 5, 0.6], accent));
  parts.push(part("box", [-8, 0, 11.4], [7, 3.6, 3], wall));
  parts.push(detail("cylinder", [9, 9, -6], [0.8, 3, 0.8], COLORS.steel));
  return parts;
}

function plant({ wall, accent, roof }) {
  return [
    part("box", [-2, 0, 2], [20, 9, 18], wall),
    part("gable", [-2, 9, 2], [20, 3.5, 18], roof),
    part("box", [-2, 0, -10], [20, 5, 5], wall),
    part("box", [5, 0, 11.3], [6, 6, 0.6], accent),
    part("taper", [10.5, 0, -9], [2.6, 27, 2.6], COLORS.white),
    part("taper", [10.5, 0, -2.5], [2.4, 22, 2.4], COLORS.white),
    detail("cylinder", [10.5, 22.5, -9], [2.2, 1.6, 2.2], COLORS.red),
    detail("cylinder", [10.5, 17.5, -2.5], [2.05, 1.6, 2.05], COLORS.red),
    detail("box", [10.5, 5, 5], [1.2, 1.2, 12], COLORS.steel),
  ];
}

function warehouse({ wall, accent, roof }) {
  const parts = [
    part("box", [0, 0, -1], [24, 7, 22], wall),
    part("gable", [0, 7, -1], [22, 2.2, 24], roof, { r: [0, Math.PI / 2, 0] }),
    part("box", [0, 4.6, 11], [24, 0.35, 2.4], accent),
  ];
  for (const x of [-9, -3, 3, 9]) parts.push(part("box", [x, 0, 10], [3.6, 4, 0.5], COLORS.dark));
  parts.push(detail("box", [-6, 0, 12.2], [2.4, 3, 1.2], COLORS.white));
  parts.push(detail("box", [6, 0, 12.2], [2.4, 3, 1.2], accent));
  return parts;
}

function lab({ wall, accent }) {
  return [
    part("box", [-3, 0, -2], [18, 8, 16], COLORS.white),
    detail("box", [-3, 3, -2], [18.2, 2, 16.2], COLORS.glass),
    part("sphere", [-3, 6, -2], [8.5, 8.5, 8.5], accent),
    part("box", [8, 0, 5], [8, 5, 15], wall),
    detail("box", [7, 5.1, 2], [5.5, 0.25, 2.6], COLORS.dark, { r: [-0.35, 0, 0] }),
    detail("box", [7, 5.1, 7], [5.5, 0.25, 2.6], COLORS.dark, { r: [-0.35, 0, 0] }),
    detail("cylinder", [10, 5, 10], [0.3, 6, 0.3], COLORS.steel),
  ];
}

function windTurbine({ random }) {
  const angle = random() * Math.PI * 2;
  const parts = [
    part("cylinder", [0, 0, 0], [6, 0.6, 6], COLORS.concrete),
    part("taper", [0, 0, 0], [2.6, 44, 2.6], COLORS.white),
    part("box", [0, 43.6, -0.6], [2.2, 2.4, 5.2], COLORS.white),
    part("sphere", [0, 43.8, 2.2], [1.8, 1.8, 1.8], COLORS.white),
  ];
  for (let k = 0; k < 3; k += 1) {
    parts.push(part("box", [0, 44.7, 2.7], [1, 19, 0.35], COLORS.white, { r: [0, 0, angle + (k * 2 * Math.PI) / 3] }));
  }
  parts.push(detail("box", [4, 0, 2], [2, 2.2, 1.6], COLORS.steel));
  return parts;
}

function shipyard({ wall, accent, roof }) {
  return [
    part("box", [-6, 0, -6], [14, 12, 14], wall),
    part("gable", [-6, 12, -6], [14, 3, 14], roof),
    part("box", [6, -0.4, 6], [9, 0.9, 38], COLORS.concrete, { r: [0.03, 0, 0] }),
    part("box", [6, 0.5, 2], [6, 4.5, 20], accent),
    part("gable", [6, 3, 12], [6, 5, 4.5], accent, { r: [Math.PI / 2, 0, 0] }),
    part("box", [6, 5, -4], [4.6, 3.6, 5], COLORS.white),
    detail("cylinder", [6, 8.6, -5], [1.3, 2.6, 1.3], COLORS.dark),
    part("box", [0.5, 0, 2], [1, 21, 1.4], COLORS.yellow),
    part("box", [11.5, 0, 2], [1, 21, 1.4], COLORS.yellow),
    part("box", [6, 21, 2], [13, 2, 2.2], COLORS.yellow),
    detail("box", [6, 19.4, 2], [2.2, 1.6, 2.6], COLORS.red),
  ];
}

function refinery({ accent }) {
  return [
    part("cylinder", [-7, 0, -7], [8, 6.5, 8], COLORS.white),
    part("cylinder", [-7, 0, 3], [8, 6.5, 8], COLORS.white),
    detail("cylinder", [-7, 6.5, -7], [8.2, 0.5, 8.2], accent),
    detail("cylinder", [-7, 6.5, 3], [8.2, 0.5, 8.2], accent),
    part("sphere", [3.5, 0.8, -8], [6.5, 6.5, 6.5], COLORS.white),
    detail("box", [3.5, 0, -8], [1.2, 2, 1.2], COLORS.steel),
    part("cylinder", [4, 0, 3], [2.4, 22, 2.4], COLORS.steel),
    part("cylinder", [7.5, 0, 3], [1.8, 16, 1.8], COLORS.steel),
    part("taper", [10.5, 0, -9], [1.2, 25, 1.2], COLORS.steel),
    detail("cone", [10.5, 25, -9], [1, 2.5, 1], COLORS.orange),
    detail("box", [0, 3.5, 10], [24, 0.6, 1.6], COLORS.steel),
    detail("cylinder", [12, 4.1, 9.7], [0.7, 24, 0.7], accent, { r: [0, 0, Math.PI / 2] }),
    part("box", [0, 0, -11], [6, 3.6, 3.6], COLORS.white),
  ];
}

function silo({ wall, accent, roof }) {
  const parts = [];
  for (const x of [-9, -3, 3]) {
    for (const z of [-6, 0]) {
      parts.push(part("cylinder", [x, 0, z], [5.6, 16, 5.6], COLORS.white));
      parts.push(part("cone", [x, 16, z], [5.8, 2.4, 5.8], roof));
    }
  }
  parts.push(part("box", [9.5, 0, -3], [4, 24, 4], accent));
  parts.push(part("box", [8.5, 24, -3], [6, 3, 5], wall));
  parts.push(detail("box", [3, 19, -3], [12, 1.3, 1.6], COLORS.steel));
  parts.push(part("box", [0, 0, 9], [16, 5, 6], wall));
  parts.push(part("wedge", [0, 5, 9], [6, 1.6, 16], roof, { r: [0, Math.PI / 2, 0] }));
  return parts;
}

// The Forum's auditorium (no company's: see usine/forum/place.py): a round hall under a shallow
// dome, a glazed foyer with columns, the big screen over the doors, flags on either side.
function auditorium({ accent }) {
  const parts = [
    part("cylinder", [0, 0, -3], [22, 9, 22], COLORS.white),
    part("sphere", [0, 5.5, -3], [21.6, 7, 21.6], accent),
    part("box", [0, 0, 7], [18, 6, 6], COLORS.glass),
    part("box", [0, 6, 7.3], [19.4, 0.6, 7.4], COLORS.dark),
    part("box", [0, 0, 10.9], [14, 0.4, 2.4], COLORS.concrete),
    part("box", [0, 6.6, 10.2], [10, 3.4, 0.5], COLORS.dark),
    detail("box", [0, 6.9, 10.5], [9, 2.8, 0.2], COLORS.glass),
  ];
  for (const x of [-7.5, -2.5, 2.5, 7.5]) parts.push(part("cylinder", [x, 0, 10.4], [0.8, 6, 0.8], COLORS.white));
  for (const x of [-11.5, 11.5]) {
    parts.push(detail("cylinder", [x, 0, 11.5], [0.3, 11, 0.3], COLORS.steel));
    parts.push(detail("box", [x + (x < 0 ? 1.3 : -1.3), 8.2, 11.5], [2.4, 2.6, 0.12], accent));
  }
  return parts;
}

// Ports and shipyards are written with their water side toward +z (easier to read), then
// mirrored so that it is their back. Every shape is symmetric in z, so a mirror is exact.
const mirrored = (make) => (colors) =>
  make(colors).map((item) => ({
    ...item,
    p: [item.p[0], item.p[1], -item.p[2]],
    r: item.r && [-item.r[0], -item.r[1], item.r[2]],
  }));

const LOOKS = {
  hangar,
  port: mirrored(port),
  workshop,
  plant,
  warehouse,
  lab,
  wind_turbine: windTurbine,
  shipyard: mirrored(shipyard),
  refinery,
  silo,
  auditorium,
};

// Half the side of the square a walker cannot enter, per look (most fill their footprint).
const SOLID_HALF = { wind_turbine: 3.5 };

export function buildingParts(building) {
  const random = seeded(building.slug || building.name || "");
  const colors = { random, wall: pick(random, WALLS), accent: pick(random, ACCENTS), roof: pick(random, ROOFS) };
  const make = LOOKS[building.look] || workshop;
  const parts = make(colors);
  if (building.zone !== "sea_front" && building.look !== "wind_turbine") {
    parts.unshift(part("box", [0, 0, 0], [26, 0.12, 26], COLORS.pad));
  }
  return parts;
}

export function solidHalf(building) {
  return SOLID_HALF[building.look] ?? 13;
}

// The top of a building's tallest part, for placing its label.
export function partsHeight(parts) {
  return parts.reduce((top, { p, s, r }) => Math.max(top, p[1] + (r ? Math.max(...s) * 0.6 : s[1])), 0);
}
