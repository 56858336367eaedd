// The few shared geometries every building is drawn from. Each has its base on y = 0 and a unit
// size, so one InstancedMesh per geometry can place, scale and colour every part of every building.
import {
  BoxGeometry,
  BufferGeometry,
  ConeGeometry,
  CylinderGeometry,
  Float32BufferAttribute,
  SphereGeometry,
} from "three";

// A convex polygon (counter-clockwise, in x–y) extruded along z from -0.5 to 0.5, flat-shaded.
function prism(points) {
  const positions = [];
  const push = ([x, y], z) => positions.push(x, y, z);
  for (let i = 1; i < points.length - 1; i += 1) {
    push(points[0], 0.5); push(points[i], 0.5); push(points[i + 1], 0.5);
    push(points[0], -0.5); push(points[i + 1], -0.5); push(points[i], -0.5);
  }
  points.forEach((a, i) => {
    const b = points[(i + 1) % points.length];
    push(a, -0.5); push(b, -0.5); push(b, 0.5);
    push(a, -0.5); push(b, 0.5); push(a, 0.5);
  });
  const geometry = new BufferGeometry();
  geometry.setAttribute("position", new Float32BufferAttribute(positions, 3));
  geometry.computeVertexNormals();
  return geometry;
}

// Half a cylinder lying along z, curved side up: the hangar's vaulted roof, ends closed.
function vault(segments) {
  return new CylinderGeometry(0.5, 0.5, 1, segments, 1, false, -Math.PI / 2, Math.PI).rotateX(
    -Math.PI / 2,
  );
}

export const SHAPES = ["box", "cylinder", "taper", "vault", "wedge", "gable", "cone", "sphere"];

export function createGeometries() {
  return {
    box: new BoxGeometry(1, 1, 1).translate(0, 0.5, 0),
    cylinder: new CylinderGeometry(0.5, 0.5, 1, 14, 1).translate(0, 0.5, 0),
    taper: new CylinderGeometry(0.32, 0.5, 1, 12, 1).translate(0, 0.5, 0),
    vault: vault(14),
    // Shed roof: a vertical glazed face on -x, the slope falling toward +x.
    wedge: prism([[-0.5, 0], [0.5, 0], [-0.5, 1]]),
    gable: prism([[-0.5, 0], [0.5, 0], [0, 1]]),
    cone: new ConeGeometry(0.5, 1, 14, 1).translate(0, 0.5, 0),
    sphere: new SphereGeometry(0.5, 14, 9).translate(0, 0.5, 0),
  };
}
