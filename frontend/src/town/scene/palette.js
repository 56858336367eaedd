// Flat colours of the town. Buildings pick theirs from these lists by a hash of their slug, so the
// same building keeps its colours on every visit and neighbours rarely look alike.
export const COLORS = {
  sky: 0xcfe4f2,
  grass: 0x93ad6e,
  field: 0xa9bd7c,
  quay: 0xc4c0b6,
  road: 0x53585e,
  marking: 0xf2efe6,
  sea: 0x2f7fb3,
  pad: 0xbdb8ac,
  concrete: 0xa8a49a,
  dark: 0x3a4148,
  glass: 0x8cc3e6,
  white: 0xf2f1ec,
  steel: 0x9aa5ae,
  yellow: 0xf0b429,
  red: 0xc8412f,
  orange: 0xe67e22,
  leaf: 0x4f7d3a,
  leafLight: 0x6c9a45,
  trunk: 0x7a5634,
  hill: 0x7f9e5c,
  highlight: 0xffc83d,
};

export const WALLS = [0xe3ddd0, 0xd3d9de, 0xdbcbb2, 0xc6d0c8, 0xe9e4d8, 0xd9c7bd];
export const ACCENTS = [0xc4442f, 0x2f6f9f, 0xe0a526, 0x3b8f6e, 0x7d5ba6, 0xd8672b];
export const ROOFS = [0x6b7780, 0x8c4b3c, 0x4f6f86, 0x7b8a6a, 0x5d6a73];
export const CONTAINERS = [0xc4442f, 0x2f6f9f, 0xe0a526, 0x3b8f6e, 0xd8672b, 0x8a8f94];

// A small, stable string hash (FNV-1a) → a pseudo-random generator seeded by it.
export function seeded(text) {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  let state = hash >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = (random, list) => list[Math.floor(random() * list.length)];
