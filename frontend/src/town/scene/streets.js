// The street plan, derived from where buildings stand: streets run between the blocks of the land
// grid and the quay road runs between the last land row and the sea-front row. The roads mesh,
// the walker's start point and the overview framing all read it.
export function layoutStreets(town, buildings) {
  const { grid, footprint } = town;
  const half = footprint / 2;
  const land = buildings.filter((b) => b.zone !== "sea_front");
  const seaFront = buildings.filter((b) => b.zone === "sea_front");
  const xs = (land.length ? land : buildings).map((b) => b.x);
  const zs = land.map((b) => b.z);
  const minX = Math.min(...xs, 0) - grid / 2;
  const maxX = Math.max(...xs, 0) + grid / 2;
  const minZ = Math.min(...zs, 0) - grid / 2;
  const lastLandEdge = Math.max(...zs, 0) + half;
  const seaRowEdge = seaFront.length
    ? Math.min(...seaFront.map((b) => b.z)) - half
    : Math.min(lastLandEdge + grid / 2 + 4, town.coast_z - 6);
  const quayZ = (lastLandEdge + seaRowEdge) / 2;
  const quayWidth = Math.max(5, Math.min(10, seaRowEdge - lastLandEdge - 2));
  const width = Math.min(10, grid - footprint - 2);

  const segments = [];
  for (let x = minX; x <= maxX + 0.01; x += grid) {
    segments.push({ x1: x, z1: minZ, x2: x, z2: quayZ, width });
  }
  for (let z = minZ; z < lastLandEdge; z += grid) {
    segments.push({ x1: minX, z1: z, x2: maxX, z2: z, width });
  }
  segments.push({ x1: town.min_x, z1: quayZ, x2: town.max_x, z2: quayZ, width: quayWidth });
  return { segments, quayZ, quayWidth, minX, maxX, minZ };
}

// The point of the street network nearest to (x, z).
export function nearestStreetPoint(streets, x, z) {
  let best = { x, z, distance: Infinity };
  for (const { x1, z1, x2, z2 } of streets.segments) {
    const dx = x2 - x1;
    const dz = z2 - z1;
    const t = Math.max(0, Math.min(1, ((x - x1) * dx + (z - z1) * dz) / (dx * dx + dz * dz || 1)));
    const px = x1 + t * dx;
    const pz = z1 + t * dz;
    const distance = Math.hypot(px - x, pz - z);
    if (distance < best.distance) best = { x: px, z: pz, distance };
  }
  return best;
}
