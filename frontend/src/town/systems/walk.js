// Street-level walk: arrows or WASD (ZQSD on a French keyboard: keys are read by position) move
// forward/back and turn, Shift runs, dragging the view looks around; on touch screens a stick
// appears. The walker stays on land and quays, out of every building's footprint.
const EYE = 1.7;
const WALK_SPEED = 7;
const RUN_FACTOR = 2.5;
const TURN_SPEED = 1.9;
const LOOK_PER_PX = 0.005;
const MOVES = {
  KeyW: "forward", ArrowUp: "forward", KeyS: "back", ArrowDown: "back",
  KeyA: "left", ArrowLeft: "left", KeyD: "right", ArrowRight: "right",
};

const isTyping = (target) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));

export function createWalk({ camera, canvas, container, isFree, onMove, onStop }) {
  const held = new Set();
  const stick = { x: 0, y: 0, active: false };
  const state = { active: false, x: 0, z: 0, yaw: 0, pitch: 0, run: false };
  let look = null;

  const element = document.createElement("div");
  element.className = "town-stick";
  element.setAttribute("aria-hidden", "true");
  element.hidden = true;
  element.innerHTML = '<div class="town-stick-knob"></div>';
  container.append(element);
  const knob = element.firstElementChild;

  function apply() {
    camera.position.set(state.x, EYE, state.z);
    camera.rotation.set(state.pitch, state.yaw, 0, "YXZ");
  }

  function keydown(event) {
    if (!state.active || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    state.run = event.shiftKey;
    const move = MOVES[event.code];
    if (!move) return;
    event.preventDefault();
    held.add(move);
    onMove();
  }
  function keyup(event) {
    state.run = event.shiftKey;
    const move = MOVES[event.code];
    if (move) held.delete(move);
  }
  const release = () => held.clear();

  function pointerdown(event) {
    if (!state.active || !event.isPrimary) return;
    look = { x: event.clientX, y: event.clientY };
  }
  function pointermove(event) {
    if (!look || !state.active) return;
    state.yaw -= (event.clientX - look.x) * LOOK_PER_PX;
    state.pitch = Math.max(-0.7, Math.min(0.7, state.pitch - (event.clientY - look.y) * LOOK_PER_PX));
    look = { x: event.clientX, y: event.clientY };
    apply();
    onMove();
  }
  const pointerup = () => {
    if (look) onStop();
    look = null;
  };

  function stickMove(event) {
    const rect = element.getBoundingClientRect();
    const radius = rect.width / 2;
    let dx = (event.clientX - rect.left - radius) / radius;
    let dy = (event.clientY - rect.top - radius) / radius;
    const length = Math.hypot(dx, dy);
    if (length > 1) {
      dx /= length;
      dy /= length;
    }
    stick.x = dx;
    stick.y = -dy;
    knob.style.transform = `translate(${dx * 60}%, ${dy * 60}%)`;
    onMove();
  }
  function stickDown(event) {
    event.preventDefault();
    event.stopPropagation();
    element.setPointerCapture(event.pointerId);
    stick.active = true;
    stickMove(event);
  }
  function stickUp() {
    stick.active = false;
    stick.x = 0;
    stick.y = 0;
    knob.style.transform = "";
    onStop();
  }
  element.addEventListener("pointerdown", stickDown);
  element.addEventListener("pointermove", (event) => stick.active && stickMove(event));
  element.addEventListener("pointerup", stickUp);
  element.addEventListener("pointercancel", stickUp);

  window.addEventListener("keydown", keydown);
  window.addEventListener("keyup", keyup);
  window.addEventListener("blur", release);
  canvas.addEventListener("pointerdown", pointerdown);
  window.addEventListener("pointermove", pointermove);
  window.addEventListener("pointerup", pointerup);

  function step(dx, dz) {
    // Slide along walls: try the whole step, then each axis alone.
    if (isFree(state.x + dx, state.z + dz)) {
      state.x += dx;
      state.z += dz;
    } else if (isFree(state.x + dx, state.z)) {
      state.x += dx;
    } else if (isFree(state.x, state.z + dz)) {
      state.z += dz;
    }
  }

  return {
    state,
    eye: EYE,
    get active() {
      return state.active;
    },
    enter({ x, z, yaw }) {
      Object.assign(state, { active: true, x, z, yaw, pitch: 0 });
      held.clear();
      element.hidden = !(navigator.maxTouchPoints > 0 || matchMedia("(pointer: coarse)").matches);
      apply();
    },
    exit() {
      state.active = false;
      held.clear();
      stickUp();
      element.hidden = true;
    },
    apply,
    /** True while the walker is moving (keys held or stick pushed): the loop keeps drawing. */
    update(dt) {
      if (!state.active) return false;
      const forward = (held.has("forward") ? 1 : 0) - (held.has("back") ? 1 : 0) + stick.y;
      const turn = (held.has("left") ? 1 : 0) - (held.has("right") ? 1 : 0) - stick.x;
      if (!forward && !turn) return false;
      state.yaw += turn * TURN_SPEED * dt;
      const distance = forward * WALK_SPEED * (state.run ? RUN_FACTOR : 1) * dt;
      step(-Math.sin(state.yaw) * distance, -Math.cos(state.yaw) * distance);
      apply();
      return true;
    },
    dispose() {
      window.removeEventListener("keydown", keydown);
      window.removeEventListener("keyup", keyup);
      window.removeEventListener("blur", release);
      canvas.removeEventListener("pointerdown", pointerdown);
      window.removeEventListener("pointermove", pointermove);
      window.removeEventListener("pointerup", pointerup);
      element.remove();
    },
  };
}
