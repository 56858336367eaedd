// Land, quay and sea: three flat meshes. The land reaches far inland (fog hides its edge), the
// quay is a concrete band along the coast in front of the town, the sea lies 1.2 m below.
import { BoxGeometry, Mesh, MeshLambertMaterial, PlaneGeometry } from "three";
import { COLORS } from "./palette.js";

export const SEA_LEVEL = -1.2;
const FAR = 1600;

export function createGround(town, streets) {
  const coast = town.coast_z;
  const landDepth = FAR + coast;
  const land = new Mesh(
    new BoxGeometry(2 * FAR, 4, landDepth),
    new MeshLambertMaterial({ color: COLORS.grass }),
  );
  land.position.set(0, -2, coast - 0.5 - landDepth / 2);
  land.receiveShadow = true;

  const quayNorth = streets.quayZ - streets.quayWidth / 2 - 3;
  const quayWidth = town.max_x - town.min_x + 80;
  const quay = new Mesh(
    new BoxGeometry(quayWidth, 4, coast - quayNorth),
    new MeshLambertMaterial({ color: COLORS.quay }),
  );
  quay.position.set((town.min_x + town.max_x) / 2, -2 + 0.03, (coast + quayNorth) / 2);
  quay.receiveShadow = true;

  const sea = new Mesh(
    new PlaneGeometry(2 * FAR, 2 * FAR).rotateX(-Math.PI / 2),
    new MeshLambertMaterial({ color: COLORS.sea }),
  );
  sea.position.set(0, SEA_LEVEL, coast + FAR - 200);
  return [land, quay, sea];
}
