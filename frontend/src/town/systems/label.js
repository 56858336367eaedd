// Keeps the name label of the highlighted building above it on screen, every frame it is drawn.
import { Vector3 } from "three";

export function createLabel({ element, camera, container }) {
  const point = new Vector3();
  let site = null;

  function place() {
    if (!element) return;
    if (!site) {
      element.hidden = true;
      return;
    }
    point.set(site.building.x, site.height + 3, site.building.z).project(camera);
    const behind = point.z > 1;
    const width = container.clientWidth;
    const height = container.clientHeight;
    // Off screen or behind the camera: keep the label visible along the edge.
    const x = Math.min(Math.max((point.x * 0.5 + 0.5) * width, 80), width - 80);
    const y = behind ? height - 40 : Math.min(Math.max((-point.y * 0.5 + 0.5) * height, 50), height - 10);
    element.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px) translate(-50%, -100%)`;
    element.hidden = false;
  }

  return {
    show(next) {
      site = next;
      place();
    },
    place,
  };
}
