// Trees, fields, hills and boats around the town: parts in town coordinates for the shared
// instanced meshes (owner -1, never picked). Trees and boats are details (skipped in low quality).
import { COLORS, pick, seeded } from "./palette.js";
import { SEA_LEVEL } from "./ground.js";

const FIELDS = [COLORS.field, 0xb7c08a, 0x9fb675, 0xc2b77e];

function tree(x, z, random) {
  const height = 6 + random() * 5;
  const width = 3.5 + random() * 2.5;
  return [
    { shape: "cylinder", p: [x, 0, z], s: [0.6, height * 0.35, 0.6], color: COLORS.trunk, detail: true },
    { shape: "cone", p: [x, height * 0.25, z], s: [width, height * 0.8, width], color: random() < 0.5 ? COLORS.leaf : COLORS.leafLight, detail: true },
  ];
}

function boat(x, z, angle, random) {
  const hull = pick(random, [COLORS.red, 0x2f6f9f, COLORS.dark, COLORS.white]);
  const length = 14 + random() * 16;
  const along = (d) => [x + Math.sin(angle) * d, z + Math.cos(angle) * d];
  const [cx, cz] = along(-length * 0.25);
  return [
    { shape: "box", p: [x, SEA_LEVEL - 1, z], s: [length * 0.3, 2.4, length], r: [0, angle, 0], color: hull, detail: true },
    { shape: "box", p: [cx, SEA_LEVEL + 1.4, cz], s: [length * 0.22, 2.6, length * 0.25], r: [0, angle, 0], color: COLORS.white, detail: true },
  ];
}

export function createScenery(town, streets) {
  const random = seeded("usine-scenery");
  const parts = [];
  const isOnStreet = (x, z) =>
    streets.segments.some(({ x1, z1, x2, z2, width }) =>
      x1 === x2
        ? Math.abs(x - x1) < width / 2 + 3 && z > Math.min(z1, z2) - 8 && z < Math.max(z1, z2) + 8
        : Math.abs(z - z1) < width / 2 + 3 && x > Math.min(x1, x2) - 8 && x < Math.max(x1, x2) + 8,
    );

  // A band of trees around the built blocks, inside the town's margin.
  const inner = { minX: streets.minX - 6, maxX: streets.maxX + 6, minZ: streets.minZ - 6 };
  for (let i = 0; i < 260 && parts.length < 240; i += 1) {
    const x = town.min_x - 30 + random() * (town.max_x - town.min_x + 60);
    const z = town.min_z - 40 + random() * (streets.quayZ - 10 - town.min_z + 40);
    const inside = x > inner.minX && x < inner.maxX && z > inner.minZ;
    if (inside || isOnStreet(x, z)) continue;
    parts.push(...tree(x, z, random));
  }
  // A patchwork of fields and far hills inland, behind the town.
  for (let i = 0; i < 14; i += 1) {
    const x = -420 + (i % 7) * 130 + random() * 30;
    const z = town.min_z - 110 - Math.floor(i / 7) * 120 - random() * 30;
    parts.push({ shape: "box", p: [x, 0, z], s: [100 + random() * 20, 0.06, 90 + random() * 20], color: pick(random, FIELDS) });
  }
  for (let i = 0; i < 7; i += 1) {
    const x = -900 + i * 300 + random() * 120;
    const z = town.min_z - 520 - random() * 300;
    parts.push({ shape: "sphere", p: [x, -40, z], s: [380 + random() * 200, 100 + random() * 60, 260 + random() * 120], color: COLORS.hill });
  }
  // Boats at sea.
  for (let i = 0; i < 6; i += 1) {
    const x = town.min_x + random() * (town.max_x - town.min_x);
    const z = town.coast_z + 60 + random() * 220;
    parts.push(...boat(x, z, random() * Math.PI * 2, random));
  }
  return parts;
}
