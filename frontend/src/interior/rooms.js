// The room a building's look opens onto: a workshop floor, an aircraft hall, a port's quay office,
// a clean room, a control room, a turbine maintenance base. A room is its size, its colours and
// props made of the town's shared parts ({shape, p, s, color, r, detail}, see town/scene/looks.js),
// in room coordinates: floor at y = 0, the door in the middle of the +z wall, the visitor looking
// toward -z. Props stand between the central aisle (|x| < 2.4) and `room.zone`, clear of the
// side walls' stations and of the places where the visitor stands to look at them.
import { ACCENTS, COLORS, pick, seeded, WALLS } from "../town/scene/palette.js";

const part = (shape, p, s, color, extra = {}) => ({ shape, p, s, color, ...extra });
const detail = (shape, p, s, color, extra = {}) => part(shape, p, s, color, { ...extra, detail: true });
const YELLOW = COLORS.yellow;

// Floor markings: yellow lines bordering the aisle, as in a real workshop.
function aisleLines(depth) {
  return [-2.2, 2.2].map((x) => detail("box", [x, 0.01, 0], [0.14, 0.02, depth - 4], YELLOW));
}

function machine(x, z, { accent, random }) {
  const width = 2.2 + random() * 1.2;
  return [
    part("box", [x, 0, z], [width, 1.5, 1.8], COLORS.steel),
    part("box", [x, 1.5, z - 0.3], [width * 0.8, 0.9, 1.1], accent),
    detail("box", [x + width / 2 - 0.3, 1.1, z + 0.95], [0.5, 0.4, 0.1], COLORS.dark),
    detail("cylinder", [x - width / 4, 1.5, z + 0.4], [0.35, 0.5, 0.35], COLORS.dark),
  ];
}

function robotArm(x, z, color) {
  return [
    part("cylinder", [x, 0, z], [1.1, 0.6, 1.1], COLORS.dark),
    part("cylinder", [x, 0.6, z], [0.5, 1.4, 0.5], color),
    part("box", [x + 0.6, 1.9, z], [1.6, 0.35, 0.35], color, { r: [0, 0, 0.5] }),
    detail("box", [x + 1.3, 1.6, z], [0.9, 0.3, 0.3], color, { r: [0, 0, -0.6] }),
    detail("sphere", [x, 1.8, z], [0.55, 0.55, 0.55], COLORS.dark),
  ];
}

function racks(x, z, length, colors) {
  const parts = [];
  for (let level = 0; level < 2; level += 1) {
    parts.push(part("box", [x, 0.4 + level * 1.1, z], [1.1, 0.08, length], COLORS.orange));
    for (let i = 0; i < length - 1; i += 1.6) {
      parts.push(detail("box", [x, 0.48 + level * 1.1, z - length / 2 + 0.8 + i], [0.9, 0.7, 1.2], pick(colors.random, ACCENTS)));
    }
  }
  for (const dz of [-length / 2, length / 2]) parts.push(part("box", [x, 0, z + dz], [1.2, 2.2, 0.1], COLORS.steel));
  return parts;
}

function workshopFloor(room, colors) {
  const { depth, zone } = room;
  const side = (zone + 2.4) / 2;
  return [
    ...aisleLines(depth),
    ...machine(-side, -depth / 5, colors),
    ...machine(side, -depth / 5, colors),
    ...robotArm(-side, depth / 8, colors.accent),
    ...racks(side + 0.5, depth / 8, Math.min(5, depth / 4), colors),
    detail("box", [-side - 1, 0, depth / 3], [1.2, 1, 1.2], COLORS.orange),
    detail("box", [-side + 0.4, 0, depth / 3], [1.2, 0.6, 1.2], COLORS.orange),
  ];
}

function aircraftHall(room, { accent }) {
  const { depth, zone } = room;
  const x = -(zone + 2.4) / 2;
  return [
    ...aisleLines(depth),
    // A fuselage on its stands beside the aisle, nose toward the door.
    part("cylinder", [x, 2.2, -1], [2.6, depth * 0.5, 2.6], COLORS.white, { r: [Math.PI / 2, 0, 0] }),
    part("sphere", [x, 0.9, -1 + depth * 0.5 - 1.3], [2.6, 2.6, 2.6], COLORS.white),
    part("box", [x, 2.4, -1 + depth * 0.12], [zone - 3, 0.22, 2.4], COLORS.steel),
    part("box", [x, 2.6, -1 - depth * 0.08], [0.25, 2.6, 1.8], accent),
    detail("box", [x, 2.35, -1 + depth * 0.25], [2.7, 0.25, 0.5], accent),
    detail("box", [x - 1, 0, -1], [0.4, 2.2, 0.4], YELLOW),
    detail("box", [x + 1, 0, -1], [0.4, 2.2, 0.4], YELLOW),
    part("box", [(zone + 2.4) / 2, 0, -2], [2.4, 3.6, 2.4], COLORS.steel),
    detail("box", [(zone + 2.4) / 2, 3.6, -2], [2.8, 0.2, 2.8], YELLOW),
  ];
}

function quayOffice(room, colors) {
  const { width, depth, zone } = room;
  const side = (zone + 2.4) / 2 + 0.5;
  const parts = [
    // A big window on the sea above the stations of the back wall.
    part("box", [0, 3.2, -depth / 2 + 0.12], [width - 2, 1.9, 0.1], COLORS.sea),
    detail("box", [0, 4.1, -depth / 2 + 0.14], [width - 2, 0.08, 0.1], COLORS.white),
    // The map table with a ship on it.
    part("box", [-side, 0, 0], [3.2, 0.95, 2], COLORS.dark),
    part("box", [-side, 0.95, 0], [3, 0.05, 1.8], COLORS.glass),
    detail("box", [-side, 1, 0], [1.6, 0.3, 0.4], COLORS.red),
    detail("box", [-side + 0.2, 1.3, 0], [0.5, 0.25, 0.35], COLORS.white),
  ];
  for (let i = 0; i < 2; i += 1) {
    const make = i ? detail : part;
    parts.push(make("box", [side + 0.6, i * 1.3, -depth / 5], [2.4, 1.25, 1.3], pick(colors.random, ACCENTS)));
  }
  parts.push(part("box", [side, 0, depth / 6], [2.4, 1.25, 1.3], pick(colors.random, ACCENTS)));
  return parts;
}

function cleanRoom(room) {
  const { depth, zone } = room;
  const side = (zone + 2.4) / 2;
  const parts = [
    // Glass screens between the aisle and the benches, past the middle of the room; waist-high,
    // so that from the door they pass under the sight of the back wall's testimonial screens.
    detail("box", [-2.6, 0, -depth / 5], [0.06, 1.2, depth / 5], COLORS.glass),
    detail("box", [2.6, 0, -depth / 5], [0.06, 1.2, depth / 5], COLORS.glass),
  ];
  for (const x of [-side, side]) {
    for (const z of [-depth / 6, depth / 6]) {
      parts.push(part("box", [x, 0, z], [2.4, 0.9, 1.2], COLORS.white));
      parts.push(part("box", [x, 0.9, z], [2.4, 0.05, 1.2], COLORS.steel));
      parts.push(detail("box", [x - 0.5, 0.95, z], [0.4, 0.5, 0.4], COLORS.dark));
      parts.push(detail("cylinder", [x + 0.5, 0.95, z], [0.25, 0.3, 0.25], COLORS.glass));
    }
  }
  return parts;
}

function controlRoom(room, { accent }) {
  const { width, depth, height } = room;
  const parts = [];
  // Two rows of consoles facing the back wall, their screens lit.
  for (const z of [-depth / 8, depth / 6]) {
    for (const x of [-(room.zone + 2.4) / 2, (room.zone + 2.4) / 2]) {
      parts.push(part("box", [x, 0, z], [4.2, 0.8, 1.2], COLORS.dark));
      parts.push(part("box", [x, 0.8, z - 0.35], [4, 0.7, 0.12], COLORS.glass, { r: [-0.25, 0, 0] }));
      parts.push(detail("box", [x, 0.82, z + 0.2], [3.6, 0.04, 0.5], accent));
    }
  }
  // Pipes along the ceiling.
  for (const x of [-width / 2 + 1.5, width / 2 - 1.5]) {
    parts.push(detail("cylinder", [x, height - 0.8, -depth / 2], [0.4, depth, 0.4], accent, { r: [Math.PI / 2, 0, 0] }));
  }
  return parts;
}

function turbineBase(room, { accent }) {
  const { depth, zone } = room;
  const x = -(zone + 2.4) / 2;
  return [
    ...aisleLines(depth),
    // A blade on trestles and a nacelle being serviced.
    part("box", [x, 1.2, 0], [0.9, 0.3, depth * 0.55], COLORS.white),
    detail("box", [x, 0, -depth / 6], [1.4, 1.2, 0.3], YELLOW),
    detail("box", [x, 0, depth / 6], [1.4, 1.2, 0.3], YELLOW),
    part("box", [(zone + 2.4) / 2, 0, -1], [2.6, 2.4, 4.4], COLORS.white),
    part("sphere", [(zone + 2.4) / 2, 0.4, 1.6], [2, 2, 2], accent),
  ];
}

const ROOMS = {
  workshop: { make: workshopFloor, height: 6, floor: 0x8d9296, ceiling: 0x5d6a73 },
  warehouse: { make: workshopFloor, height: 7, floor: 0x8d9296, ceiling: 0x5d6a73 },
  silo: { make: workshopFloor, height: 7, floor: 0x9a9384, ceiling: 0x6b7780 },
  hangar: { make: aircraftHall, height: 10, floor: 0xa7abb0, ceiling: 0x9aa5ae, wide: 8 },
  port: { make: quayOffice, height: 5.5, floor: 0x6f7f8c, ceiling: 0xe9e4d8 },
  shipyard: { make: quayOffice, height: 6, floor: 0x7b8a6a, ceiling: 0xd3d9de },
  lab: { make: cleanRoom, height: 4.5, floor: 0xdfe7ee, ceiling: 0xf2f1ec, wall: COLORS.white },
  plant: { make: controlRoom, height: 4.5, floor: 0x3f4a52, ceiling: 0x2c343a },
  refinery: { make: controlRoom, height: 4.5, floor: 0x3f4a52, ceiling: 0x2c343a },
  wind_turbine: { make: turbineBase, height: 8, floor: 0x9aa5ae, ceiling: 0xd3d9de },
};

/** The room of a building: size from its number of stations, colours from its look and slug
 *  (the same wall and accent colours as its outside in the town). */
export function roomFor(building, { back, side }) {
  const random = seeded(building.slug || building.name || "");
  const colors = { random, wall: pick(random, WALLS), accent: pick(random, ACCENTS) };
  const kind = ROOMS[building.look] || ROOMS.workshop;
  const width = Math.max(26 + (kind.wide || 0), back * 5.2 + 8);
  const depth = Math.max(18, side * 4 + 7);
  const room = { width, depth, height: kind.height, colors, kind, zone: width / 2 - 5.4 };
  const wall = kind.wall ?? colors.wall;
  const shell = [
    part("box", [0, -0.2, 0], [width, 0.2, depth], kind.floor),
    part("box", [0, kind.height, 0], [width, 0.2, depth], kind.ceiling),
    part("box", [0, 0, -depth / 2 - 0.1], [width, kind.height, 0.2], wall),
    part("box", [0, 0, depth / 2 + 0.1], [width, kind.height, 0.2], wall),
    part("box", [-width / 2 - 0.1, 0, 0], [0.2, kind.height, depth], wall),
    part("box", [width / 2 + 0.1, 0, 0], [0.2, kind.height, depth], wall),
    // A band of the company's colour along the walls, and the door behind the visitor.
    part("box", [0, 0, -depth / 2 + 0.02], [width, 0.5, 0.04], colors.accent),
    part("box", [-width / 2 + 0.02, 0, 0], [0.04, 0.5, depth], colors.accent),
    part("box", [width / 2 - 0.02, 0, 0], [0.04, 0.5, depth], colors.accent),
    part("box", [0, 0, depth / 2 - 0.02], [3, 3, 0.06], COLORS.dark),
  ];
  // High windows along the side walls of the tall halls.
  if (kind.height >= 6) {
    for (const x of [-width / 2 + 0.05, width / 2 - 0.05]) {
      shell.push(detail("box", [x, kind.height - 1.9, 0], [0.06, 1.1, depth - 3], COLORS.glass));
    }
  }
  // Lights hanging from the ceiling.
  for (let z = -depth / 2 + 4; z < depth / 2 - 2; z += 6) {
    shell.push(detail("box", [0, kind.height - 0.25, z], [width * 0.5, 0.12, 0.5], COLORS.white));
  }
  room.parts = [...shell, ...kind.make(room, colors)];
  return room;
}
