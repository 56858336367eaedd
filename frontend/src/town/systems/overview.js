// The overview camera: drag to pan (right button or two fingers to turn), wheel or pinch to zoom,
// limited so that the camera stays above the ground and its target stays over the town. Zoom
// buttons, reset and framing a building move the camera through the tween (or jump).
import { MapControls } from "three/addons/controls/MapControls.js";
import { MathUtils, Spherical, Vector3 } from "three";
import { pose } from "./tween.js";

export function createOverview({ camera, canvas, town, streets, tween, onChange, onEnd }) {
  const controls = new MapControls(camera, canvas);
  controls.enableDamping = true;
  controls.dampingFactor = 0.14;
  controls.maxPolarAngle = 1.22;
  controls.minPolarAngle = 0.12;
  controls.zoomToCursor = true;
  controls.addEventListener("change", onChange);
  controls.addEventListener("end", onEnd);

  const area = {
    minX: town.min_x,
    maxX: town.max_x,
    minZ: town.min_z,
    maxZ: town.coast_z + 30,
  };
  const centre = new Vector3((streets.minX + streets.maxX) / 2, 0, (streets.minZ + town.coast_z) / 2);

  function homeDistance() {
    const halfWidth = (streets.maxX - streets.minX) / 2 + 24;
    const halfDepth = (town.coast_z - streets.minZ) / 2 + 24;
    const vertical = MathUtils.degToRad(camera.fov) / 2;
    const horizontal = Math.atan(Math.tan(vertical) * camera.aspect);
    return Math.max(halfWidth / Math.tan(horizontal), (halfDepth * 0.85) / Math.tan(vertical)) * 1.15;
  }

  function limits() {
    const home = homeDistance();
    controls.minDistance = 18;
    controls.maxDistance = Math.max(home * 1.5, 200);
  }

  function home() {
    const offset = new Vector3().setFromSpherical(new Spherical(homeDistance(), 0.92, 0.28));
    return pose(centre.clone().add(offset), centre);
  }

  const clampTarget = () => {
    const { target } = controls;
    const x = MathUtils.clamp(target.x, area.minX, area.maxX);
    const z = MathUtils.clamp(target.z, area.minZ, area.maxZ);
    if (x !== target.x || z !== target.z) {
      camera.position.x += x - target.x;
      camera.position.z += z - target.z;
      target.x = x;
      target.z = z;
    }
  };

  const current = () => pose(camera.position, controls.target);
  const place = (position, look) => {
    camera.position.copy(position);
    controls.target.copy(look);
    camera.lookAt(look);
  };
  const move = (to, done) => tween.to({ from: current(), to, apply: place, done: () => { controls.update(); done?.(); onEnd(); } });

  limits();
  return {
    controls,
    home,
    place,
    current,
    resize: limits,
    set enabled(value) {
      controls.enabled = value;
    },
    get enabled() {
      return controls.enabled;
    },
    setReducedMotion(reduced) {
      controls.enableDamping = !reduced;
    },
    update() {
      if (!controls.enabled || tween.active) return false;
      const moving = controls.update();
      clampTarget();
      return moving;
    },
    reset(done) {
      move(home(), done);
    },
    zoom(factor) {
      const { target } = controls;
      const offset = camera.position.clone().sub(target);
      const distance = MathUtils.clamp(offset.length() * factor, controls.minDistance, controls.maxDistance);
      move(pose(target.clone().add(offset.setLength(distance)), target));
    },
    /** Frames a building: keeps the current bearing, comes closer, looks at it. */
    frame(site) {
      const look = new Vector3(site.building.x, Math.min(site.height * 0.35, 10), site.building.z);
      const offset = new Spherical().setFromVector3(camera.position.clone().sub(controls.target));
      offset.radius = MathUtils.clamp(site.height * 1.6 + 55, controls.minDistance, controls.maxDistance);
      offset.phi = MathUtils.clamp(offset.phi, 0.75, 1.05);
      move(pose(look.clone().add(new Vector3().setFromSpherical(offset)), look));
    },
  };
}
