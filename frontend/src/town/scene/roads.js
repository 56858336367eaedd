// Roads as one merged mesh of flat quads (one draw call), and their dashed centre lines as a
// second one that low quality hides.
import { BufferGeometry, Float32BufferAttribute, Mesh, MeshLambertMaterial } from "three";
import { COLORS } from "./palette.js";

function quads(rectangles, y) {
  const positions = [];
  for (const [x1, z1, x2, z2] of rectangles) {
    positions.push(x1, y, z1, x1, y, z2, x2, y, z2, x1, y, z1, x2, y, z2, x2, y, z1);
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute("position", new Float32BufferAttribute(positions, 3));
  geometry.setAttribute("normal", new Float32BufferAttribute(positions.map((_, i) => (i % 3 === 1 ? 1 : 0)), 3));
  return geometry;
}

function rectangle({ x1, z1, x2, z2 }, halfWidth, extend = halfWidth) {
  const horizontal = z1 === z2;
  return horizontal
    ? [Math.min(x1, x2) - extend, z1 - halfWidth, Math.max(x1, x2) + extend, z1 + halfWidth]
    : [x1 - halfWidth, Math.min(z1, z2) - extend, x1 + halfWidth, Math.max(z1, z2) + extend];
}

function dashes(segment, crossings) {
  const horizontal = segment.z1 === segment.z2;
  const [from, to] = horizontal ? [segment.x1, segment.x2] : [segment.z1, segment.z2];
  const result = [];
  for (let at = Math.min(from, to) + 4; at < Math.max(from, to) - 4; at += 7) {
    if (crossings.some((c) => Math.abs(c - at) < 7)) continue;
    const centre = horizontal ? { x1: at, z1: segment.z1, x2: at + 3, z2: segment.z1 } : { x1: segment.x1, z1: at, x2: segment.x1, z2: at + 3 };
    result.push(rectangle(centre, 0.18, 0));
  }
  return result;
}

export function createRoads(streets) {
  const { segments } = streets;
  const road = new Mesh(
    quads(segments.map((s) => rectangle(s, s.width / 2)), 0.08),
    new MeshLambertMaterial({ color: COLORS.road }),
  );
  road.receiveShadow = true;
  const xs = segments.filter((s) => s.x1 === s.x2).map((s) => s.x1);
  const zs = segments.filter((s) => s.z1 === s.z2).map((s) => s.z1);
  const lines = segments.flatMap((s) => dashes(s, s.z1 === s.z2 ? xs : zs));
  const markings = new Mesh(quads(lines, 0.12), new MeshLambertMaterial({ color: COLORS.marking }));
  markings.userData.detail = true;
  return [road, markings];
}
