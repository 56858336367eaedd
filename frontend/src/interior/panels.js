// Flat panels drawn on a 2D canvas and shown on a plane: the screens, job boards and signs of a
// building's inside. Text is drawn by the browser with the page's fonts: nothing to download.
import { CanvasTexture, LinearFilter, LinearMipmapLinearFilter, Mesh, MeshBasicMaterial, PlaneGeometry, SRGBColorSpace } from "three";

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** Splits `text` into lines no wider than `width` pixels (at the context's current font). */
export function wrap(context, text, width, maxLines = 6) {
  const lines = [];
  let line = "";
  for (const word of String(text || "").split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (context.measureText(next).width > width && line) {
      lines.push(line);
      line = word;
      if (lines.length === maxLines) break;
    } else {
      line = next;
    }
  }
  if (line && lines.length < maxLines) lines.push(line);
  else if (lines.length === maxLines) lines[maxLines - 1] = `${lines[maxLines - 1].replace(/\s*\S*$/, "")}…`;
  return lines;
}

export function text(context, value, x, y, { size = 40, weight = 600, color = "#fff", align = "left" } = {}) {
  context.font = `${weight} ${size}px ${FONT}`;
  context.fillStyle = color;
  context.textAlign = align;
  context.textBaseline = "alphabetic";
  context.fillText(value, x, y);
}

/**
 * A plane of `width` × `height` metres whose face is drawn by `draw(context, w, h)`. Its texture
 * has no mipmaps until `userData.sharpen()` (the inside calls it once its first frames are seen).
 */
export function createPanel({ width, height, pixels = 512, draw }) {
  const canvas = document.createElement("canvas");
  canvas.width = pixels;
  canvas.height = Math.round((pixels * height) / width);
  // A canvas kept in memory (willReadFrequently): a panel is drawn once, then uploaded. On a
  // software GPU an accelerated canvas is drawn by that GPU and copied back, ten times the cost.
  const context = canvas.getContext("2d", { willReadFrequently: true });
  draw(context, canvas.width, canvas.height);
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  // Mipmaps (text seen from afar or aslant) cost several uploads on a software GPU: they come
  // after the first frames inside, which need the panels' pixels only.
  texture.generateMipmaps = false;
  texture.minFilter = LinearFilter;
  const mesh = new Mesh(new PlaneGeometry(width, height), new MeshBasicMaterial({ map: texture }));
  mesh.userData.redraw = (paint) => {
    paint(context, canvas.width, canvas.height);
    texture.needsUpdate = true;
  };
  mesh.userData.sharpen = () => {
    if (texture.generateMipmaps) return;
    texture.generateMipmaps = true;
    texture.minFilter = LinearMipmapLinearFilter;
    texture.needsUpdate = true;
  };
  mesh.userData.dispose = () => {
    texture.dispose();
    mesh.material.dispose();
    mesh.geometry.dispose();
  };
  return mesh;
}

/** A play sign in a disc, centred on (x, y). */
export function playSign(context, x, y, radius) {
  context.fillStyle = "rgba(20, 33, 43, 0.75)";
  context.beginPath();
  context.arc(x, y, radius, 0, Math.PI * 2);
  context.fill();
  context.fillStyle = "#fff";
  context.beginPath();
  context.moveTo(x - radius * 0.35, y - radius * 0.5);
  context.lineTo(x + radius * 0.55, y);
  context.lineTo(x - radius * 0.35, y + radius * 0.5);
  context.closePath();
  context.fill();
}
