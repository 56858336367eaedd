// The render loop, on demand: a frame is drawn only when something asked for it (controls moved,
// a tween or the walker is running, the window resized, a highlight changed). Systems register
// an `update(dt, now)` that returns true while they still move, which asks for the next frame.
// Nothing is drawn while the tab is hidden. Draw calls are counted per frame (info.autoReset off)
// so drawCalls() reports a whole frame, shadow pass included when one was drawn. setView() swaps
// the scene and camera drawn (the town, or the inside of a building) on the same renderer.
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
  renderer.info.autoReset = false;

  function request() {
    if (!running || frame || document.hidden) return;
    frame = requestAnimationFrame(tick);
  }

  function tick(now) {
    frame = 0;
    // dt is only meaningful between consecutive frames; after a sleep, step as if one frame passed.
    const dt = continuous ? Math.min((now - last) / 1000, 0.25) : 1 / 60;
    const measured = continuous ? now - last : null;
    last = now;
    let moving = false;
    for (const update of updates) if (update(dt, now)) moving = true;
    renderer.info.reset();
    renderer.render(view.scene, view.camera);
    calls = renderer.info.render.calls;
    triangles = renderer.info.render.triangles;
    for (const callback of afterFrame) callback({ now, frameMs: measured });
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
    setView(nextScene, nextCamera) {
      view = { scene: nextScene, camera: nextCamera };
      request();
    },
    add: (update) => updates.add(update),
    remove: (update) => updates.delete(update),
    onFrame: (callback) => afterFrame.add(callback),
    offFrame: (callback) => afterFrame.delete(callback),
    start() {
      running = true;
      document.addEventListener("visibilitychange", onVisibility);
      request();
    },
    stop() {
      running = false;
      cancelAnimationFrame(frame);
      frame = 0;
      continuous = false;
      document.removeEventListener("visibilitychange", onVisibility);
    },
    get sleeping() {
      return !frame;
    },
    stats: () => ({ calls, triangles }),
  };
}
