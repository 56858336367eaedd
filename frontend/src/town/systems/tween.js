// Camera moves between two poses (position + point looked at), eased; or a jump when motion is
// reduced. Runs inside the loop: update() returns true while a move is under way.
import { Vector3 } from "three";

const ease = (t) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);

export function createTween({ reducedMotion }) {
  let move = null;
  const position = new Vector3();
  const look = new Vector3();

  return {
    /** Starts a move; `apply(position, look)` places the camera, `done` runs at the end. */
    to({ from, to, seconds = 0.9, apply, done }) {
      if (move?.done) move.done(false);
      if (reducedMotion()) {
        apply(to.position, to.look, 1);
        done?.(true);
        move = null;
        return;
      }
      move = { from, to, seconds, apply, done, elapsed: 0 };
    },
    cancel() {
      if (move?.done) move.done(false);
      move = null;
    },
    get active() {
      return move !== null;
    },
    update(dt) {
      if (!move) return false;
      move.elapsed += dt;
      const t = Math.min(1, move.elapsed / move.seconds);
      const k = ease(t);
      position.lerpVectors(move.from.position, move.to.position, k);
      look.lerpVectors(move.from.look, move.to.look, k);
      move.apply(position, look, t);
      if (t < 1) return true;
      const { done } = move;
      move = null;
      done?.(true);
      return false;
    },
  };
}

export const pose = (position, look) => ({ position: position.clone(), look: look.clone() });
