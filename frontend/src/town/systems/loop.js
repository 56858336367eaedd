// The render loop, on demand: a frame is drawn only when something asked for it (controls moved,
// a tween or the walker is running, the window resized, a highlight changed). Systems register
// an `update(dt, now)` that returns true while they still move, which asks for the next frame.
// Nothing is drawn while the tab is hidden. Draw calls are counted per frame (info.autoReset off)
// so drawCalls() reports a whole frame, shadow pass included when one was drawn. setView() swaps
// the scene and camera drawn (the town, or the inside of a building) on the same renderer.
// requestRegion() asks for a part of the canvas only (a highlight changed, nothing moved): the
// drawing buffer is preserved, so the rest stays as drawn and the frame costs what its pixels
// cost, which keeps software GPUs free for what comes next (a click going inside).
// requestCoarse() draws the next frame with fewer pixels, then the same view whole once the GPU
// has shown it: a new view (stepping inside a building) appears in a fraction of a frame's time
// on a software GPU, where a frame's cost is its pixels, and sharpens on the frame after.
import { Vector2 } from "three";

const scratch = new Vector2();
const MAX_REGIONS = 4;
const SLACK_PX2 = 64 * 64; // parts drawn as one when that adds no more pixels than this

const area = (box) => Math.max(0, box.right - box.left) * Math.max(0, box.bottom - box.top);
const union = (a, b) => ({
  left: Math.min(a.left, b.left),
  top: Math.min(a.top, b.top),
  right: Math.max(a.right, b.right),
  bottom: Math.max(a.bottom, b.bottom),
});

// Parts of the canvas to draw again: near ones as one rectangle, far ones apart (a highlighted
// building and the corner a prepared inside was drawn in would otherwise make one rectangle
// spanning the canvas, and a frame on a software GPU costs its pixels).
function withRegion(list, box) {
  let merged = { ...box };
  let rest = list;
  for (let joined = true; joined; ) {
    joined = false;
    const kept = [];
    for (const other of rest) {
      const both = union(merged, other);
      if (area(both) <= area(merged) + area(other) + SLACK_PX2) {
        merged = both;
        joined = true;
      } else {
        kept.push(other);
      }
    }
    rest = kept;
  }
  const next = [...rest, merged];
  return next.length > MAX_REGIONS ? [next.reduce(union)] : next;
}

export function createLoop({ renderer, scene, camera }) {
  let view = { scene, camera };
  const updates = new Set();
  const afterFrame = new Set();
  let running = false;
  let frame = 0;
  let last = 0;
  let continuous = false;
  let calls = 0;
  let triangles = 0;
  let drawn = null; // the part of the canvas the last frame drew, null for all of it
  let whole = true; // the next frame draws the whole canvas
  let regions = []; // else these parts of it: [{left, top, right, bottom}] in CSS pixels
  let coarseScale = 0; // the next frame is drawn at this fraction of the pixel ratio
  let refine = null; // the last frame was coarse: {full, low, fence} (pixel ratios, its GPU fence)
  let polling = 0;
  renderer.info.autoReset = false;
  const gl = renderer.getContext();

  function schedule() {
    if (!running || frame || document.hidden) return;
    frame = requestAnimationFrame(tick);
  }

  function request() {
    whole = true;
    schedule();
  }

  /** Redraws only this rectangle of the canvas ({left, top, right, bottom}, CSS pixels from its
   *  top left corner), unless the whole canvas is redrawn anyway. */
  function requestRegion(box) {
    if (!whole) regions = withRegion(regions, box);
    schedule();
  }

  /** Draws the next frame at `scale` of the pixel ratio, then whole (see above). */
  function requestCoarse(scale) {
    coarseScale = scale;
    request();
  }

  // Back to the full pixel ratio, unless something else (the quality) set another one meanwhile.
  // The drawing buffer is new then: the frame drawing into it is whole.
  function sharpen() {
    if (refine.fence) gl.deleteSync(refine.fence);
    clearTimeout(polling);
    if (renderer.getPixelRatio() === refine.low) renderer.setPixelRatio(refine.full);
    refine = null;
    whole = true;
  }

  // The sharp frame waits for the GPU to finish the coarse one: asked for at once, it would be
  // drawn before the coarse frame is seen, and the visitor would wait for both.
  function waitForGpu() {
    const fence = refine?.fence;
    if (!fence) return;
    if (gl.getSyncParameter(fence, gl.SYNC_STATUS) === gl.SIGNALED) {
      gl.deleteSync(fence);
      refine.fence = null;
      request();
    } else {
      polling = setTimeout(waitForGpu, 8);
    }
  }

  function scissor(box) {
    const size = renderer.getSize(scratch);
    const left = Math.max(0, Math.floor(box.left));
    const top = Math.max(0, Math.floor(box.top));
    const right = Math.min(size.x, Math.ceil(box.right));
    const bottom = Math.min(size.y, Math.ceil(box.bottom));
    // three.js counts scissor rows from the bottom, as WebGL does.
    renderer.setScissor(left, size.y - bottom, Math.max(0, right - left), Math.max(0, bottom - top));
    renderer.setScissorTest(true);
  }

  function tick(now) {
    frame = 0;
    // dt is only meaningful between consecutive frames; after a sleep, step as if one frame passed.
    const dt = continuous ? Math.min((now - last) / 1000, 0.25) : 1 / 60;
    const measured = continuous ? now - last : null;
    last = now;
    let moving = false;
    for (const update of updates) if (update(dt, now)) moving = true;
    if (refine) sharpen();
    if (coarseScale) {
      const full = renderer.getPixelRatio();
      refine = { full, low: full * coarseScale, fence: null };
      renderer.setPixelRatio(refine.low);
      coarseScale = 0;
      whole = true;
    }
    const parts = whole || !regions.length ? null : regions;
    whole = false;
    regions = [];
    renderer.info.reset();
    if (parts) {
      for (const box of parts) {
        scissor(box);
        renderer.render(view.scene, view.camera);
      }
      renderer.setScissorTest(false);
    } else {
      renderer.render(view.scene, view.camera);
    }
    calls = renderer.info.render.calls;
    triangles = renderer.info.render.triangles;
    // What was drawn again: the rectangle around every part.
    const part = parts && parts.reduce(union);
    drawn = part;
    if (refine) {
      refine.fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
      gl.flush();
      polling = setTimeout(waitForGpu, 8);
    }
    // A part of the canvas costs less than a frame: not a measure of this device's speed.
    for (const callback of afterFrame) callback({ now, frameMs: part ? null : measured, region: part });
    continuous = moving;
    if (moving) request();
  }

  function onVisibility() {
    continuous = false;
    if (document.hidden) {
      cancelAnimationFrame(frame);
      frame = 0;
    } else {
      request();
    }
  }

  return {
    request,
    requestRegion,
    requestCoarse,
    setView(nextScene, nextCamera) {
      view = { scene: nextScene, camera: nextCamera };
      request();
    },
    add: (update) => updates.add(update),
    remove: (update) => updates.delete(update),
    onFrame: (callback) => afterFrame.add(callback),
    offFrame: (callback) => afterFrame.delete(callback),
    start() {
      // Already running: nothing to draw again (entering a building calls it).
      if (running) return;
      running = true;
      document.addEventListener("visibilitychange", onVisibility);
      request();
    },
    stop() {
      if (refine) sharpen();
      running = false;
      cancelAnimationFrame(frame);
      frame = 0;
      continuous = false;
      document.removeEventListener("visibilitychange", onVisibility);
    },
    get sleeping() {
      return !frame;
    },
    stats: () => ({ calls, triangles, region: drawn, coarse: refine !== null }),
  };
}
