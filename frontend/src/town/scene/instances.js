// Every part of every building (and of the scenery) drawn with one InstancedMesh per shared
// geometry: the whole town costs a handful of draw calls whatever its number of buildings.
// Each instance remembers its owner (a building index, or -1 for scenery) for picking, and
// details are stored last in each mesh so that low quality just draws fewer instances.
import { Box3, Color, Euler, InstancedMesh, Matrix4, MeshLambertMaterial, Quaternion, Vector3 } from "three";
import { SHAPES } from "./geometries.js";
import { COLORS } from "./palette.js";

const HIGHLIGHT = new Color(COLORS.highlight);
const UP = new Vector3(0, 1, 0);

function placement(building) {
  const angle = ((building.orientation || 0) * Math.PI) / 180;
  return new Matrix4().compose(
    new Vector3(building.x, 0, building.z),
    new Quaternion().setFromAxisAngle(UP, angle),
    new Vector3(1, 1, 1),
  );
}

function partMatrix({ p, s, r }) {
  const rotation = r ? new Quaternion().setFromEuler(new Euler(r[0], r[1], r[2])) : new Quaternion();
  return new Matrix4().compose(new Vector3(...p), rotation, new Vector3(...s));
}

/**
 * @param sites  [{building, parts}] in the order of the town's buildings (the owner index)
 * @param sceneryParts  parts already in town coordinates (trees, boats, hills): owner -1
 * @param geometries  shape → shared geometry
 */
export function createInstances({ sites, sceneryParts, geometries }) {
  const material = new MeshLambertMaterial({ color: 0xffffff, flatShading: true });
  // Collect per shape: main parts first, details after.
  const byShape = Object.fromEntries(SHAPES.map((shape) => [shape, { main: [], detail: [] }]));
  const add = (owner, matrix, part) => {
    const bucket = byShape[part.shape];
    (part.detail ? bucket.detail : bucket.main).push({ owner, matrix, color: part.color });
  };
  sites.forEach(({ building, parts }, owner) => {
    const base = placement(building);
    for (const part of parts) add(owner, base.clone().multiply(partMatrix(part)), part);
  });
  for (const part of sceneryParts) add(-1, partMatrix(part), part);

  const meshes = [];
  const owners = new Map();
  const slots = sites.map(() => []);
  const color = new Color();
  for (const shape of SHAPES) {
    const items = [...byShape[shape].main, ...byShape[shape].detail];
    if (!items.length) continue;
    const mesh = new InstancedMesh(geometries[shape], material, items.length);
    mesh.name = shape;
    mesh.castShadow = true;
    mesh.receiveShadow = true;
    const owner = new Int32Array(items.length);
    items.forEach((item, id) => {
      mesh.setMatrixAt(id, item.matrix);
      mesh.setColorAt(id, color.setHex(item.color));
      owner[id] = item.owner;
      if (item.owner >= 0) slots[item.owner].push([mesh, id]);
    });
    mesh.userData.mainCount = byShape[shape].main.length;
    mesh.userData.baseColors = mesh.instanceColor.array.slice();
    mesh.computeBoundingSphere();
    owners.set(mesh, owner);
    meshes.push(mesh);
  }

  const bounds = new Map();
  const matrix = new Matrix4();
  const part = new Box3();
  return {
    meshes,
    material,
    /** The box every part of one building fills (world coordinates). */
    boundsOf(index) {
      if (!bounds.has(index)) {
        const box = new Box3();
        for (const [mesh, id] of slots[index] || []) {
          if (!mesh.geometry.boundingBox) mesh.geometry.computeBoundingBox();
          mesh.getMatrixAt(id, matrix);
          box.union(part.copy(mesh.geometry.boundingBox).applyMatrix4(matrix));
        }
        bounds.set(index, box);
      }
      return bounds.get(index);
    },
    ownerOf(mesh, instanceId) {
      const owner = owners.get(mesh);
      return owner && instanceId != null ? owner[instanceId] : -1;
    },
    setDetails(visible) {
      for (const mesh of meshes) mesh.count = visible ? mesh.instanceMatrix.count : mesh.userData.mainCount;
    },
    // Tints (or restores) every part of one building.
    tint(index, on) {
      const touched = new Set();
      for (const [mesh, id] of slots[index] || []) {
        const base = mesh.userData.baseColors;
        color.setRGB(base[id * 3], base[id * 3 + 1], base[id * 3 + 2]);
        if (on) color.lerp(HIGHLIGHT, 0.45);
        mesh.setColorAt(id, color);
        touched.add(mesh);
      }
      for (const mesh of touched) mesh.instanceColor.needsUpdate = true;
    },
  };
}
