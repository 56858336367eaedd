// The ring drawn on the ground around the highlighted building.
import { Box3, Mesh, MeshBasicMaterial, RingGeometry, Vector3 } from "three";
import { COLORS } from "./palette.js";

const radiusOf = (site) => site.half * 1.45 + 2;

export function createMarker() {
  const ring = new Mesh(
    new RingGeometry(0.86, 1, 48).rotateX(-Math.PI / 2),
    new MeshBasicMaterial({ color: COLORS.highlight, transparent: true, opacity: 0.9, depthWrite: false }),
  );
  ring.visible = false;
  ring.renderOrder = 1;
  return {
    object: ring,
    /** The box the ring of this building covers. */
    reach(site) {
      const radius = radiusOf(site);
      const { x, z } = site.building;
      return new Box3(new Vector3(x - radius, 0.2, z - radius), new Vector3(x + radius, 0.2, z + radius));
    },
    show(site) {
      if (!site) {
        ring.visible = false;
        return;
      }
      const radius = radiusOf(site);
      ring.position.set(site.building.x, 0.2, site.building.z);
      ring.scale.set(radius, 1, radius);
      ring.visible = true;
    },
  };
}
