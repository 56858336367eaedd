// Pointer picking on the instanced meshes: hover shows a building, a click (or a second tap on
// touch screens, the first one shows its name) selects it. A drag is never a click.
import { Raycaster, Vector2 } from "three";

const CLICK_SLOP_PX = 6;

export function createPicker({ canvas, camera, instances, onHover, onSelect, enabled }) {
  const raycaster = new Raycaster();
  const ndc = new Vector2();
  let pending = null;
  let scheduled = 0;
  let down = null;
  let tapped = -1;

  function pick(clientX, clientY) {
    const rect = canvas.getBoundingClientRect();
    ndc.set(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    raycaster.setFromCamera(ndc, camera);
    for (const hit of raycaster.intersectObjects(instances.meshes, false)) {
      const owner = instances.ownerOf(hit.object, hit.instanceId);
      if (owner >= 0) return owner;
    }
    return -1;
  }

  function hoverLater(event) {
    pending = event;
    if (scheduled) return;
    scheduled = requestAnimationFrame(() => {
      scheduled = 0;
      if (pending && enabled()) onHover(pick(pending.clientX, pending.clientY));
      pending = null;
    });
  }

  const listeners = {
    pointermove(event) {
      if (event.pointerType === "touch" || event.buttons) return;
      hoverLater(event);
    },
    pointerleave(event) {
      // A finger lifted "leaves" the canvas right after its tap: the name it just showed stays.
      if (event.pointerType === "touch") return;
      pending = null;
      if (enabled()) onHover(-1);
    },
    pointerdown(event) {
      down = event.isPrimary ? { x: event.clientX, y: event.clientY, type: event.pointerType } : null;
    },
    pointerup(event) {
      if (!down || !enabled() || event.button > 0) return;
      const moved = Math.hypot(event.clientX - down.x, event.clientY - down.y);
      down = null;
      if (moved > CLICK_SLOP_PX) return;
      const index = pick(event.clientX, event.clientY);
      if (event.pointerType === "touch" && index !== tapped) {
        tapped = index;
        onHover(index);
        return;
      }
      tapped = -1;
      if (index >= 0) onSelect(index);
    },
  };
  for (const [name, listener] of Object.entries(listeners)) canvas.addEventListener(name, listener);
  return {
    dispose() {
      for (const [name, listener] of Object.entries(listeners)) canvas.removeEventListener(name, listener);
      cancelAnimationFrame(scheduled);
    },
  };
}
