// High or low quality. Low: pixel ratio 0.75, no shadows, no small parts (trees, boats, road
// markings, details of buildings). Chosen by hand (kept in localStorage) or automatically when the
// measured frame rate stays low for a few seconds of continuous drawing (the loop sleeps when
// nothing moves, so only frames drawn back to back are measured).
const STORAGE_KEY = "usine.town.quality";
const LOW_FPS = 24;
const SECONDS_TO_DECIDE = 3;

function stored(storage) {
  try {
    const value = storage?.getItem(STORAGE_KEY);
    return value === "low" || value === "high" ? value : null;
  } catch {
    return null; // storage refused (private mode, policies): behave as if nothing was chosen
  }
}

export function createQuality({ renderer, sun, instances, extras, storage, onChange }) {
  const chosen = stored(storage);
  let level = chosen || "high";
  let byUser = chosen !== null;
  let measure = { ms: 0, frames: 0 };

  function apply() {
    const low = level === "low";
    const ratio = window.devicePixelRatio || 1;
    const pixelRatio = low ? Math.min(ratio, 1) * 0.75 : Math.min(ratio, 2);
    // Unchanged (entering a building at the town's quality): no new drawing buffer.
    if (renderer.getPixelRatio() !== pixelRatio) renderer.setPixelRatio(pixelRatio);
    renderer.shadowMap.enabled = !low;
    renderer.shadowMap.needsUpdate = !low;
    sun.castShadow = !low;
    instances.material.needsUpdate = true;
    for (const object of extras) {
      if (object.userData.detail) object.visible = !low;
      if (object.material) object.material.needsUpdate = true;
    }
    instances.setDetails(!low);
  }

  return {
    apply,
    get level() {
      return level;
    },
    get byUser() {
      return byUser;
    },
    set(next, { user = false, auto = false } = {}) {
      if (next !== "low" && next !== "high") return;
      if (user) {
        byUser = true;
        try {
          storage?.setItem(STORAGE_KEY, next);
        } catch {
          // Not kept across visits, still applied now.
        }
      }
      if (next === level) return;
      level = next;
      measure = { ms: 0, frames: 0 };
      apply();
      onChange({ level, auto });
    },
    /** Fed with the duration of frames drawn back to back. */
    sample(frameMs) {
      if (byUser || level === "low" || frameMs == null) return;
      measure.ms += frameMs;
      measure.frames += 1;
      if (measure.ms < SECONDS_TO_DECIDE * 1000) return;
      const fps = (measure.frames * 1000) / measure.ms;
      measure = { ms: 0, frames: 0 };
      if (fps < LOW_FPS) this.set("low", { auto: true });
    },
  };
}
