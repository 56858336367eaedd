// The ring drawn on the ground around the highlighted building.
import { Mesh, MeshBasicMaterial, RingGeometry } from "three";
import { COLORS } from "./palette.js";

export function createMarker() {
  const ring = new Mesh(
    new RingGeometry(0.86, 1, 48).rotateX(-Math.PI / 2),
    new MeshBasicMaterial({ color: COLORS.highlight, transparent: true, opacity: 0.9, depthWrite: false }),
  );
  ring.visible = false;
  ring.renderOrder = 1;
  return {
    object: ring,
    show(site) {
      if (!site) {
        ring.visible = false;
        return;
      }
      const radius = site.half * 1.45 + 2;
      ring.position.set(site.building.x, 0.2, site.building.z);
      ring.scale.set(radius, 1, radius);
      ring.visible = true;
    },
  };
}
