// A hemisphere light (sky above, warm ground below) and one sun whose shadow camera covers the
// town. The scene is static, so the shadow map is drawn once, not every frame (see quality.js).
import { DirectionalLight, HemisphereLight } from "three";

export function createLights(town) {
  const hemisphere = new HemisphereLight(0xe4f1ff, 0x8c7d62, 1.9);
  const sun = new DirectionalLight(0xfff1dc, 2.4);
  const cx = (town.min_x + town.max_x) / 2;
  const cz = (town.min_z + town.coast_z) / 2;
  sun.position.set(cx - 160, 260, cz + 140);
  sun.target.position.set(cx, 0, cz);
  const reach = Math.max(town.max_x - town.min_x, town.coast_z - town.min_z) / 2 + 60;
  Object.assign(sun.shadow.camera, { left: -reach, right: reach, top: reach, bottom: -reach, near: 50, far: 700 });
  sun.shadow.mapSize.set(2048, 2048);
  sun.shadow.bias = -0.0008;
  sun.shadow.normalBias = 0.6;
  return { hemisphere, sun, objects: [hemisphere, sun, sun.target] };
}
