// The Town façade: the only thing the page knows of the 3D client. It fetches the town, builds
// the scene from shared parts, and runs small systems (loop, resizer, overview, walk, picker,
// quality, label, memory). It reports what happens through DOM events:
//   building-hovered {building|null}, building-focused {building}, building-selected {building},
//   mode-changed {walking}, quality-changed {level, auto}; and inside a building (enter/leave):
//   interior-entered {building, stations}, interior-left {building}, station-hovered {station|null},
//   station-selected {station}.
import { Color, Fog, PerspectiveCamera, Scene, Vector2, Vector3, WebGLRenderer } from "three";
import { fetchInterior } from "../interior/api.js";
import { buildInterior, createInterior } from "../interior/Interior.js";
import { fetchTown } from "./api.js";
import { createGeometries } from "./scene/geometries.js";
import { createGround } from "./scene/ground.js";
import { createInstances } from "./scene/instances.js";
import { createLights } from "./scene/lights.js";
import { buildingParts, partsHeight, solidHalf } from "./scene/looks.js";
import { createMarker } from "./scene/marker.js";
import { COLORS } from "./scene/palette.js";
import { createRoads } from "./scene/roads.js";
import { createScenery } from "./scene/scenery.js";
import { layoutStreets, nearestStreetPoint } from "./scene/streets.js";
import { createLabel } from "./systems/label.js";
import { createLoop } from "./systems/loop.js";
import { createMemory } from "./systems/memory.js";
import { createOverview } from "./systems/overview.js";
import { createPicker } from "./systems/picker.js";
import { createQuality } from "./systems/quality.js";
import { createResizer } from "./systems/resizer.js";
import { createTween, pose } from "./systems/tween.js";
import { createWalk } from "./systems/walk.js";
import { webglAvailable } from "./webgl.js";

export { InteriorLoadError } from "../interior/api.js";
export { TownLoadError } from "./api.js";

// A building whose inside compiles the programs every inside draws with (see warmInterior).
const SAMPLE_INSIDE = {
  building: { slug: "", name: "", company: "", look: "workshop" },
  testimonials: [{ id: 0, name: "", job: "", role: "", poster: "" }],
  jobs: [{ title: "", routes: [], salary: "", in_shortage: false }],
  demos: [],
};
const SAMPLE_WORDS = { jobBoard: "", shortage: "", routes: "", noRoutes: "", demo: "", quiz: "", quizDetail: "", desk: "" };
// A building's inside prepared ahead (hover, focus) is used for a click within this time.
const PREPARED_KEPT_MS = 60_000;
// The first frame of a new view (inside, or back out) is drawn with this fraction of the pixel
// ratio, a quarter of the pixels, then sharp on the next one (see loop.requestCoarse).
const COARSE_SCALE = 0.5;

export class TownUnavailableError extends Error {
  constructor(cause) {
    super("WebGL is not available.", { cause });
    this.name = "TownUnavailableError";
  }
}

const safeStorage = (name) => {
  try {
    return window[name];
  } catch {
    return null; // access denied by the browser's settings
  }
};

export class Town extends EventTarget {
  static isSupported() {
    return webglAvailable();
  }

  /**
   * @param {HTMLElement} container  receives the canvas (aria-hidden) and fills it
   * @param {object} options  apiUrl, label (element placed over the highlighted building),
   *   reducedMotion (jumps instead of camera moves)
   */
  constructor(container, { apiUrl = "/api/town", label = null, reducedMotion = false } = {}) {
    super();
    this.container = container;
    this.apiUrl = apiUrl;
    this.labelElement = label;
    this.reducedMotion = reducedMotion;
    this.storage = safeStorage("localStorage");
    this.session = safeStorage("sessionStorage");
    this.buildings = [];
    this.sites = [];
    this.highlighted = -1;
    this.walking = false;
    this.inside = null;
    this._entering = null;
    const low = this.storage?.getItem?.("usine.town.quality") === "low";
    try {
      // preserveDrawingBuffer keeps the last frame readable (screenshots, tests): the loop only
      // draws on demand, so a cleared buffer would show a blank town between frames.
      this.renderer = new WebGLRenderer({ antialias: !low, preserveDrawingBuffer: true });
    } catch (error) {
      throw new TownUnavailableError(error);
    }
    const canvas = this.renderer.domElement;
    canvas.setAttribute("aria-hidden", "true");
    canvas.className = "town-canvas";
    container.append(canvas);
    this.renderer.shadowMap.autoUpdate = false;
    this.scene = new Scene();
    this.scene.background = new Color(COLORS.sky);
    this.scene.fog = new Fog(COLORS.sky, 700, 2200);
    this.camera = new PerspectiveCamera(45, 1, 0.5, 3000);
    this.ready = new Promise((resolve, reject) => {
      this._ready = { resolve, reject };
    });
    this.ready.catch(() => {}); // the page reports failures from start()
  }

  async start() {
    if (this.loop) {
      this.loop.start();
      return this.ready;
    }
    if (!this._loading) {
      this._loading = fetchTown(this.apiUrl).then((data) => {
        this._build(data);
        this.loop.start();
      });
      this._loading.catch((error) => this._ready.reject(error));
    }
    await this._loading;
    return this.ready;
  }

  stop() {
    this.loop?.stop();
    this.memory?.flush();
  }

  dispose() {
    if (this.inside) this._closeInside();
    this.stop();
    this.resizer?.dispose();
    this.picker?.dispose();
    this.walk?.dispose();
    this.overview?.controls.dispose();
    window.removeEventListener("pagehide", this._onPageHide);
    this._warm?.dispose();
    this._prepared?.ready.then((prepared) => prepared.taken || prepared.built?.dispose(), () => {});
    this.renderer.dispose();
    this.renderer.domElement.remove();
  }

  // --- what the page can ask ------------------------------------------------------------------

  /** Draw calls of the last frame drawn (shadow pass included when it was redrawn). */
  drawCalls() {
    return this.loop ? this.loop.stats().calls : 0;
  }

  /** Resolves after the next frame has been drawn (the one already asked for, if any: a part
   *  of the canvas stays a part; else a whole frame). */
  nextFrame() {
    return new Promise((resolve) => {
      const once = () => {
        this._frameWaiters.delete(once);
        resolve();
      };
      this._frameWaiters.add(once);
      if (this.loop.sleeping) this.loop.request();
    });
  }

  get quality() {
    return (this.inside?.quality ?? this.qualityLevel)?.level ?? "high";
  }

  /** True when the quality was lowered because this device drew the town too slowly. */
  get slowDevice() {
    return Boolean(this.qualityLevel && this.qualityLevel.level === "low" && !this.qualityLevel.byUser);
  }

  setQuality(level) {
    if (!this.loop) return;
    this.qualityLevel.set(level, { user: true });
    this.inside?.quality.set(level, { user: true });
    if (this.inside) this.inside.quality.apply();
    this.loop.request();
  }

  setReducedMotion(reduced) {
    this.reducedMotion = reduced;
    this.overview?.setReducedMotion(reduced);
  }

  /** Where a building stands on the page (client pixels, at a third of its height). */
  screenPoint(slug) {
    const site = this.sites[this.indexOf(slug)];
    if (!site) return null;
    const point = new Vector3(site.building.x, site.height / 3, site.building.z).project(this.camera);
    const rect = this.renderer.domElement.getBoundingClientRect();
    return {
      x: rect.left + ((point.x + 1) / 2) * rect.width,
      y: rect.top + ((1 - point.y) / 2) * rect.height,
      visible: point.z < 1 && Math.abs(point.x) < 1 && Math.abs(point.y) < 1,
    };
  }

  indexOf(slug) {
    return this.buildings.findIndex((building) => building.slug === slug);
  }

  /** Highlights a building (slug, index or null) and shows its label, without moving. */
  highlight(which, source = "page") {
    if (!this.loop || this.inside) return;
    const index = typeof which === "number" ? which : which == null ? -1 : this.indexOf(which);
    if (index === this.highlighted) return;
    const previous = this.highlighted;
    if (previous >= 0) this.instances.tint(previous, false);
    this.highlighted = index;
    const site = this.sites[index] || null;
    if (site) this.instances.tint(index, true);
    this.marker.show(site);
    this.label.show(site);
    this.renderer.domElement.style.cursor = site && source === "pointer" ? "pointer" : "";
    this._emit("building-hovered", { building: site?.building ?? null, source });
    // Only the buildings whose tint and ring changed are drawn again.
    const regions = [previous, index].filter((i) => i >= 0).map((i) => this._screenBox(i));
    if (regions.includes(null)) this.loop.request();
    for (const box of regions) if (box) this.loop.requestRegion(box);
  }

  /** Highlights a building and frames it; with reduced motion the camera only jumps if the
   *  building is out of sight. */
  focusBuilding(slug) {
    if (!this.loop || this.inside) return;
    const index = this.indexOf(slug);
    if (index < 0) return;
    this.highlight(index, "page");
    const site = this.sites[index];
    if (!this.walking && (!this.reducedMotion || !this._inView(site))) this.overview.frame(site);
    this._emit("building-focused", { building: site.building });
    this.loop.request();
  }

  select(which) {
    if (!this.loop || this.inside) return;
    const index = typeof which === "number" ? which : this.indexOf(which);
    const site = this.sites[index];
    if (!site) return;
    this.memory.flush();
    this._emit("building-selected", { building: site.building });
  }

  zoomIn() {
    if (!this.loop || this.inside) return;
    if (!this.walking) this.overview.zoom(0.7);
    this.loop.request();
  }

  zoomOut() {
    if (!this.loop || this.inside) return;
    if (!this.walking) this.overview.zoom(1 / 0.7);
    this.loop.request();
  }

  resetView() {
    if (!this.loop || this.inside) return;
    if (this.walking) this.setWalking(false, { home: true });
    else this.overview.reset();
    this.loop.request();
  }

  setWalking(on, { home = false } = {}) {
    if (on === this.walking || !this.loop || this.inside) return;
    this.walking = on;
    if (on) this._enterWalk();
    else this._leaveWalk(home);
    this._emit("mode-changed", { walking: on });
    this.loop.request();
  }

  // --- inside a building ------------------------------------------------------------------------

  /**
   * Steps inside a building: fetches its stations from `url`, builds its room and draws it instead
   * of the town, which stays as it was (camera, walker) for the way back out. Resolves once the
   * first frame inside is drawn. `messages` are the page's words drawn on the stations.
   */
  async enter(slug, { url, messages }) {
    await this.start();
    if (this.inside?.data.building.slug === slug) return this.inside;
    this._entering?.abort();
    const entering = new AbortController();
    this._entering = entering;
    const prepared = await this.prepare(slug, { url, messages });
    if (entering.signal.aborted) throw new DOMException("Left before entering.", "AbortError");
    prepared.taken = true; // not disposed if another building is prepared meanwhile
    const { data, built } = prepared;
    performance.mark("usine:interior-fetched");
    // Handed over: the next visit reads it again (who is at the desk changes).
    if (this._prepared?.slug === slug) this._prepared = null;
    this._entering = null;
    if (this.inside) this._closeInside();
    this.highlight(null);
    this.memory.flush();
    this._walkerOutside = this.walking && this.walk.active ? { ...this.walk.state } : null;
    if (this._walkerOutside) this.walk.exit();
    this.tween.cancel();
    this.overview.enabled = false;
    this._levelAtEnter = this.qualityLevel.level;
    const interior = createInterior({
      data,
      renderer: this.renderer,
      container: this.container,
      storage: this.storage,
      reducedMotion: () => this.reducedMotion,
      level: this.qualityLevel.level,
      messages,
      built,
      label: this.labelElement,
      onHover: (index, source) => this.highlightStation(index, source),
      onSelect: (index) => this.selectStation(index),
      onQuality: (detail) => {
        this._emit("quality-changed", detail);
        this.loop.request();
      },
    });
    interior.onChange = () => this.loop.request();
    interior.quality.apply();
    // Its shadows were drawn while it was prepared, at this quality.
    if (built?.shadowsDrawn && interior.quality.level === "high") this.renderer.shadowMap.needsUpdate = false;
    performance.mark("usine:interior-built");
    this.inside = interior;
    this._insideUpdate = (dt) => interior.update(dt);
    this.loop.add(this._insideUpdate);
    this.loop.setView(interior.scene, interior.camera);
    this.loop.requestCoarse(COARSE_SCALE);
    const frame = this.nextFrame();
    this._emit("interior-entered", { building: data.building, stations: interior.stations });
    await frame;
    this.insideFirstFrameAt = performance.now();
    this.insideFirstFrameDrawCalls = this.loop.stats().calls;
    this.insideFirstFrameCoarse = this.loop.stats().coarse;
    interior.loadPosters();
    return interior;
  }

  /**
   * Prepares a building's inside ahead of a click (the pointer rests on it, or the focus): reads
   * its JSON, builds its room, uploads its panels and draws its shadows once, off screen, so that
   * entering only draws a frame. One building at a time; resolves to {data, built}. A failed read
   * is forgotten (the click tries again and reports it).
   */
  prepare(slug, { url, messages }) {
    const now = performance.now();
    const current = this._prepared;
    if (current && (current.slug !== slug || now - current.at > PREPARED_KEPT_MS)) {
      this._prepared = null;
      current.ready.then((prepared) => prepared.taken || prepared.built?.dispose(), () => {});
    }
    if (!this._prepared) {
      const entry = { slug, at: now };
      entry.ready = fetchInterior(url).then((data) => ({
        data,
        built: this._prepared === entry && !this.inside ? this._preload(buildInterior(data, messages)) : null,
      }));
      entry.ready.catch(() => this._prepared === entry && (this._prepared = null));
      this._prepared = entry;
    }
    return this._prepared.ready;
  }

  _preload(built) {
    const { renderer } = this;
    for (const mesh of built.panels) renderer.initTexture(mesh.material.map);
    built.sun.castShadow = renderer.shadowMap.enabled;
    // The town's shadows are kept in their own map: only the inside's are drawn here.
    renderer.shadowMap.needsUpdate = renderer.shadowMap.enabled;
    // Drawn into one pixel of the canvas (a render target would compile other programs: its
    // colours are linear), so that every draw of the room runs once before the click; the town
    // gives that corner back alone: a whole frame of the town would still be drawing on a
    // software GPU when the click comes.
    const size = renderer.getSize(new Vector2());
    renderer.setViewport(0, 0, 1, 1);
    renderer.setScissor(0, 0, 1, 1);
    renderer.setScissorTest(true);
    renderer.render(built.scene, built.camera);
    renderer.setScissorTest(false);
    renderer.setScissor(0, 0, size.x, size.y);
    renderer.setViewport(0, 0, size.x, size.y);
    built.shadowsDrawn = renderer.shadowMap.enabled;
    this.loop.requestRegion({ left: 0, top: size.y - 2, right: 2, bottom: size.y });
    return built;
  }

  /**
   * Compiles the GPU programs of a building's inside (no fog, textured panels: not the town's)
   * from a sample room while the visitor looks at the town, so that the first step inside does
   * not wait for them. Its materials are kept: three.js frees a program with its last material.
   */
  async warmInterior() {
    if (this._warm || !this.loop) return;
    const warm = buildInterior(SAMPLE_INSIDE, SAMPLE_WORDS);
    warm.sun.castShadow = this.renderer.shadowMap.enabled;
    this._warm = warm;
    await this.renderer.compileAsync(warm.scene, warm.camera);
  }

  /** Back out to the town, at the same spot (the overview's pose or the walker's). */
  leave() {
    this._entering?.abort();
    this._entering = null;
    if (!this.inside) return;
    const { building } = this.inside.data;
    const level = this.qualityLevel.level;
    // The town's shadow map is its own and still drawn: only a quality changed inside (by the
    // visitor, or the inside's own measure) draws it and the renderer's settings again.
    const changed = this.inside.quality.level !== level || this._levelAtEnter !== level;
    this._closeInside();
    this.loop.setView(this.scene, this.camera);
    this.loop.requestCoarse(COARSE_SCALE);
    if (changed) this.qualityLevel.apply();
    if (this._walkerOutside && this.walking) {
      this.walk.enter(this._walkerOutside);
      this.walk.state.pitch = this._walkerOutside.pitch;
      this.walk.apply();
    } else {
      this.overview.enabled = true;
    }
    this._walkerOutside = null;
    this.resizer.apply();
    this._emit("interior-left", { building });
    this.loop.request();
  }

  highlightStation(index, source = "page") {
    if (!this.inside) return;
    this.inside.highlight(index);
    this._emit("station-hovered", { station: this.inside.stations[index] ?? null, source });
    this.loop.request();
  }

  focusStation(index) {
    if (!this.inside) return;
    this.highlightStation(index, "page");
    this.inside.focus(index);
  }

  selectStation(index) {
    const station = this.inside?.stations[index];
    if (station) this._emit("station-selected", { station });
  }

  /** Back to the view from the door. */
  doorView() {
    this.inside?.home();
  }

  _closeInside() {
    this.loop.remove(this._insideUpdate);
    this.inside.dispose();
    this.inside = null;
  }

  /** Where a building and its ring are on the canvas ({left, top, right, bottom}, CSS pixels),
   *  or null when a part of them is behind the camera. */
  _screenBox(index) {
    const site = this.sites[index];
    const bounds = this.instances.boundsOf(index).clone();
    const ring = this.marker.reach(site);
    bounds.expandByPoint(ring.min).expandByPoint(ring.max);
    const camera = this.camera;
    camera.updateMatrixWorld();
    const size = this.renderer.getSize(new Vector2());
    const box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    const corner = new Vector3();
    for (let i = 0; i < 8; i += 1) {
      corner.set(i & 1 ? bounds.max.x : bounds.min.x, i & 2 ? bounds.max.y : bounds.min.y, i & 4 ? bounds.max.z : bounds.min.z);
      corner.applyMatrix4(camera.matrixWorldInverse);
      if (corner.z > -camera.near) return null;
      corner.applyMatrix4(camera.projectionMatrix);
      const x = ((corner.x + 1) / 2) * size.x;
      const y = ((1 - corner.y) / 2) * size.y;
      box.left = Math.min(box.left, x);
      box.right = Math.max(box.right, x);
      box.top = Math.min(box.top, y);
      box.bottom = Math.max(box.bottom, y);
    }
    // A pixel or two more: the edges' antialiasing.
    return { left: box.left - 2, top: box.top - 2, right: box.right + 2, bottom: box.bottom + 2 };
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  _build(data) {
    const { town, buildings } = data;
    this.data = data;
    this.buildings = buildings;
    const streets = layoutStreets(town, buildings);
    this.streets = streets;
    this.sites = buildings.map((building, index) => {
      const parts = buildingParts(building);
      return { index, building, parts, half: solidHalf(building), height: partsHeight(parts) };
    });
    this.instances = createInstances({
      sites: this.sites,
      sceneryParts: createScenery(town, streets),
      geometries: createGeometries(),
    });
    const extras = [...createGround(town, streets), ...createRoads(streets)];
    const lights = createLights(town);
    this.marker = createMarker();
    this.scene.add(...this.instances.meshes, ...extras, ...lights.objects, this.marker.object);

    const { camera, renderer, container } = this;
    const canvas = renderer.domElement;
    const loop = createLoop({ renderer, scene: this.scene, camera });
    this.loop = loop;
    this._frameWaiters = new Set();
    this.tween = createTween({ reducedMotion: () => this.reducedMotion });
    this.memory = createMemory({ storage: this.session, edition: data.edition?.slug ?? "" });
    this.overview = createOverview({
      camera, canvas, town, streets, tween: this.tween,
      onChange: () => loop.request(),
      onEnd: () => this.memory.changed(),
    });
    this.overview.setReducedMotion(this.reducedMotion);
    this.walk = createWalk({
      camera, canvas, container,
      isFree: (x, z) => this._isFree(x, z),
      onMove: () => loop.request(),
      onStop: () => this.memory.changed(),
    });
    this.picker = createPicker({
      canvas, camera, instances: this.instances,
      enabled: () => !this.tween.active && !this.inside,
      onHover: (index) => this.highlight(index, "pointer"),
      onSelect: (index) => this.select(index),
    });
    this.label = createLabel({ element: this.labelElement, camera, container });
    this.qualityLevel = createQuality({
      renderer, sun: lights.sun, instances: this.instances, extras, storage: this.storage,
      onChange: (detail) => {
        this._emit("quality-changed", detail);
        loop.request();
      },
    });
    this.qualityLevel.apply();
    this.resizer = createResizer({
      container, renderer, camera,
      onResize: () => {
        this.overview.resize();
        if (this.inside) this.inside.resize();
        else this.label.place();
        loop.request();
      },
    });

    loop.add((dt) => this.tween.update(dt));
    loop.add(() => this.overview.update());
    loop.add((dt) => this.walk.update(dt));
    let first = true;
    loop.onFrame(({ frameMs }) => {
      if (this.inside) {
        this.inside.quality.sample(frameMs);
        this.inside.placeLabel();
        this.inside.framed(loop.stats());
      } else {
        this.qualityLevel.sample(frameMs);
        this.label.place();
      }
      if (first) {
        first = false;
        this.firstFrameDrawCalls = loop.stats().calls;
        this._ready.resolve(this);
      } else {
        this.memory.changed();
      }
      for (const waiter of [...this._frameWaiters]) waiter();
    });

    this.memory.track(() => this._view());
    this._onPageHide = () => this.memory.flush();
    window.addEventListener("pagehide", this._onPageHide);
    this._restore(this.memory.load());
  }

  _view() {
    if (this._walkerOutside) {
      const { x, z, yaw, pitch } = this._walkerOutside;
      return { mode: "walk", walker: { x, z, yaw, pitch } };
    }
    if (this.walking && this.walk.active) {
      const { x, z, yaw, pitch } = this.walk.state;
      return { mode: "walk", walker: { x, z, yaw, pitch } };
    }
    const { position, look } = this.overview.current();
    return { mode: "overview", position: position.toArray(), target: look.toArray() };
  }

  _restore(view) {
    const finite = (list) => Array.isArray(list) && list.length === 3 && list.every(Number.isFinite);
    if (view?.mode === "walk" && view.walker && this._isFree(view.walker.x, view.walker.z)) {
      this.walking = true;
      this.overview.enabled = false;
      this._setNear(true);
      this.walk.enter(view.walker);
      this.walk.state.pitch = Number(view.walker.pitch) || 0;
      this.walk.apply();
      queueMicrotask(() => this._emit("mode-changed", { walking: true }));
    } else if (view?.mode === "overview" && finite(view.position) && finite(view.target)) {
      this.overview.place(new Vector3(...view.position), new Vector3(...view.target));
    } else {
      const home = this.overview.home();
      this.overview.place(home.position, home.look);
    }
    this.overview.controls.update();
  }

  _setNear(walking) {
    this.camera.near = walking ? 0.2 : 0.5;
    this.camera.updateProjectionMatrix();
  }

  _isFree(x, z) {
    const town = this.data.town;
    if (x < town.min_x + 1 || x > town.max_x - 1 || z < town.min_z + 1 || z > town.coast_z - 0.8) return false;
    for (const { building, half } of this.sites) {
      const dx = x - building.x;
      const dz = z - building.z;
      const angle = ((building.orientation || 0) * Math.PI) / 180;
      const localX = dx * Math.cos(angle) - dz * Math.sin(angle);
      const localZ = dx * Math.sin(angle) + dz * Math.cos(angle);
      if (Math.abs(localX) < half + 0.5 && Math.abs(localZ) < half + 0.5) return false;
    }
    return true;
  }

  _inView(site) {
    const point = new Vector3(site.building.x, site.height / 2, site.building.z).project(this.camera);
    return point.z < 1 && Math.abs(point.x) < 0.9 && Math.abs(point.y) < 0.9;
  }

  _enterWalk() {
    const { camera, overview, walk } = this;
    const target = overview.controls.target;
    let start = nearestStreetPoint(this.streets, target.x, target.z);
    if (!this._isFree(start.x, start.z)) start = nearestStreetPoint(this.streets, 0, 0);
    const direction = target.clone().sub(camera.position);
    // Face along the street the walker stands in: the nearest quarter turn to the view's bearing.
    const yaw = Math.round(Math.atan2(-direction.x, -direction.z) / (Math.PI / 2)) * (Math.PI / 2);
    const eye = new Vector3(start.x, walk.eye, start.z);
    const ahead = new Vector3(start.x - Math.sin(yaw) * 20, walk.eye, start.z - Math.cos(yaw) * 20);
    overview.enabled = false;
    this._setNear(true);
    this.tween.to({
      from: pose(camera.position, target),
      to: pose(eye, ahead),
      seconds: 1.2,
      apply: (position, look) => {
        camera.position.copy(position);
        camera.lookAt(look);
      },
      done: () => {
        if (this.walking) walk.enter({ x: start.x, z: start.z, yaw });
        this.memory.changed();
      },
    });
  }

  _leaveWalk(home) {
    const { camera, overview, walk } = this;
    const { x, z, yaw } = walk.state;
    walk.exit();
    this.tween.cancel();
    const look = new Vector3(x, 0, z);
    const back = new Vector3(Math.sin(yaw), 0, Math.cos(yaw)).multiplyScalar(95).setY(85);
    const to = home ? overview.home() : pose(look.clone().add(back), look);
    this.tween.to({
      from: pose(camera.position, camera.position.clone().add(camera.getWorldDirection(new Vector3()).multiplyScalar(20))),
      to,
      seconds: 1.2,
      apply: (position, lookAt) => overview.place(position, lookAt),
      done: () => {
        this._setNear(false);
        if (!this.walking) overview.enabled = true;
        overview.controls.update();
        this.memory.changed();
      },
    });
  }
}
