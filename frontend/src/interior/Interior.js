// The inside of one building, drawn by the town's renderer and loop: its room and stations (see
// rooms.js, stations.js) with the town's shared parts, lights, camera and small systems (tween,
// picker, quality). The camera stands at the door; focusing a station brings it in front of it;
// dragging looks around. Built by the Town façade (Town.enter), never by the page.
import { Color, DirectionalLight, HemisphereLight, PerspectiveCamera, Scene, Vector3 } from "three";
import { createGeometries } from "../town/scene/geometries.js";
import { createInstances } from "../town/scene/instances.js";
import { createPicker } from "../town/systems/picker.js";
import { createQuality } from "../town/systems/quality.js";
import { createTween, pose } from "../town/systems/tween.js";
import { createPanel, text } from "./panels.js";
import { roomFor } from "./rooms.js";
import { createStations, stationCounts } from "./stations.js";

const EYE = 1.7;
const DOOR_EYE = 2.8; // on the entrance's steps: the whole room in sight, over the machines
const VIEW_DISTANCE = 3.6;
const LOOK_PER_PX = 0.005;
const UP = new Vector3(0, 1, 0);

function front(station) {
  const angle = (station.orientation * Math.PI) / 180;
  return new Vector3(Math.sin(angle), 0, Math.cos(angle));
}

function toWorld(station, [x, y, z]) {
  return new Vector3(x, y, z).applyAxisAngle(UP, (station.orientation * Math.PI) / 180).add(new Vector3(station.x, 0, station.z));
}

/**
 * The room, its stations, lights and camera for `data` (the building's JSON), without any of the
 * interactions: what the GPU draws. Also used with a sample building to compile the programs of
 * an inside ahead of the first visit (Town.warmInterior).
 */
export function buildInterior(data, messages) {
  const room = roomFor(data.building, stationCounts(data));
  const stations = createStations(data, room, messages);
  const scene = new Scene();
  scene.background = new Color(room.kind.ceiling);

  const geometries = createGeometries();
  const instances = createInstances({
    sites: stations.map((station) => ({ building: station, parts: station.parts })),
    sceneryParts: room.parts,
    geometries,
  });
  const panels = [];
  for (const station of stations) {
    for (const { at, mesh } of station.panels) {
      mesh.position.copy(toWorld(station, at));
      mesh.rotation.y = (station.orientation * Math.PI) / 180;
      mesh.userData.owner = station.index;
      panels.push(mesh);
    }
  }

  // The company's name high on the back wall, seen from the door, where the hall is tall enough.
  if (room.kind.height >= 5.5) {
    const accent = `#${room.colors.accent.toString(16).padStart(6, "0")}`;
    const banner = createPanel({
      width: 9,
      height: 1.2,
      pixels: 900,
      draw(context, w, h) {
        context.fillStyle = accent;
        context.fillRect(0, 0, w, h);
        context.font = "800 64px system-ui, sans-serif";
        const name = data.building.company.toUpperCase();
        const size = Math.min(64, Math.floor((64 * (w - 60)) / Math.max(1, context.measureText(name).width)));
        text(context, name, w / 2, h / 2 + size * 0.36, { size, weight: 800, align: "center" });
      },
    });
    banner.position.set(0, Math.min(room.kind.height - 1.1, 4.9), -room.depth / 2 + 0.03);
    panels.push(banner);
  }

  // A light under the ceiling, so that the ceiling itself casts no shadow on the room.
  const hemisphere = new HemisphereLight(0xf4f8ff, 0xc9c2b4, 2.1);
  const sun = new DirectionalLight(0xfff4e2, 1.7);
  sun.position.set(-room.width * 0.2, room.kind.height - 0.3, room.depth * 0.25);
  sun.target.position.set(room.width * 0.1, 0, -room.depth * 0.15);
  const reach = Math.max(room.width, room.depth) / 2 + 3;
  Object.assign(sun.shadow.camera, { left: -reach, right: reach, top: reach, bottom: -reach, near: 0.05, far: 60 });
  sun.shadow.mapSize.set(1024, 1024);
  sun.shadow.bias = -0.0005;
  sun.shadow.normalBias = 0.04;
  scene.add(...instances.meshes, ...panels, hemisphere, sun, sun.target);
  const camera = new PerspectiveCamera(66, 1, 0.1, 200);

  return {
    room,
    stations,
    scene,
    camera,
    instances,
    panels,
    sun,
    dispose() {
      for (const mesh of panels) mesh.userData.dispose();
      for (const geometry of Object.values(geometries)) geometry.dispose();
      for (const mesh of instances.meshes) mesh.dispose();
      instances.material.dispose();
      sun.shadow.map?.dispose();
    },
  };
}

export function createInterior({ data, renderer, container, storage, reducedMotion, level, messages, label, onHover, onSelect, onQuality, built = null }) {
  const canvas = renderer.domElement;
  const { room, stations, scene, camera, instances, panels, sun, dispose: disposeScene } = built ?? buildInterior(data, messages);
  const door = () => pose(new Vector3(0, DOOR_EYE, room.depth / 2 - 1.2), new Vector3(0, 1.5, -room.depth / 2));
  const view = { yaw: 0, pitch: 0 };
  const applyView = () => camera.rotation.set(view.pitch, view.yaw, 0, "YXZ");
  const place = (position, look) => {
    camera.position.copy(position);
    camera.lookAt(look);
  };
  const settle = () => {
    camera.rotation.reorder("YXZ");
    view.yaw = camera.rotation.y;
    view.pitch = camera.rotation.x;
  };
  const tween = createTween({ reducedMotion });
  let changed = () => {};

  function resize() {
    camera.aspect = Math.max(1, container.clientWidth) / Math.max(1, container.clientHeight);
    camera.updateProjectionMatrix();
  }
  resize();
  const start = door();
  place(start.position, start.look);
  settle();

  // --- looking around: drag the view (mouse, pen or finger) --------------------------------
  let drag = null;
  const listeners = {
    pointerdown(event) {
      if (event.isPrimary) drag = { x: event.clientX, y: event.clientY };
    },
    pointermove(event) {
      if (!drag || !event.buttons || tween.active) return;
      view.yaw -= (event.clientX - drag.x) * LOOK_PER_PX;
      view.pitch = Math.max(-0.8, Math.min(0.8, view.pitch - (event.clientY - drag.y) * LOOK_PER_PX));
      drag = { x: event.clientX, y: event.clientY };
      applyView();
      changed();
    },
    pointerup() {
      drag = null;
    },
  };
  for (const [name, listener] of Object.entries(listeners)) canvas.addEventListener(name, listener);

  let highlighted = -1;
  const pickables = {
    meshes: [...instances.meshes, ...panels],
    ownerOf: (mesh, id) => (mesh.userData.owner ?? instances.ownerOf(mesh, id)),
  };
  const picker = createPicker({
    canvas,
    camera,
    instances: pickables,
    enabled: () => !tween.active,
    onHover: (index) => onHover(index, "pointer"),
    onSelect: (index) => onSelect(index),
  });

  const extras = [...panels];
  const quality = createQuality({ renderer, sun, instances, extras, storage, onChange: onQuality });
  if (level && level !== quality.level) quality.set(level);

  // Posters come after the first frame: they are not needed to step inside.
  function loadPosters() {
    for (const station of stations) {
      if (!station.poster) continue;
      const image = new Image();
      image.crossOrigin = "anonymous";
      image.decoding = "async";
      image.onload = () => {
        station.panels[0].mesh.userData.redraw((context, w, h) => station.paintPoster(context, w, h, image));
        changed();
      };
      image.src = station.poster;
    }
  }

  // The panels' mipmaps once the inside has been drawn sharp, when the page is idle (panels.js).
  let sharpened = false;
  let idle = 0;
  function framed({ coarse }) {
    if (sharpened || coarse) return;
    sharpened = true;
    const sharpen = () => {
      idle = 0;
      for (const mesh of panels) mesh.userData.sharpen();
      changed();
    };
    idle = window.requestIdleCallback ? window.requestIdleCallback(sharpen, { timeout: 1000 }) : setTimeout(sharpen, 200);
  }
  const cancelIdle = () => (window.cancelIdleCallback ? window.cancelIdleCallback(idle) : clearTimeout(idle));

  const point = new Vector3();
  return {
    scene,
    camera,
    room,
    stations,
    quality,
    data,
    get highlighted() {
      return highlighted;
    },
    set onChange(callback) {
      changed = callback;
    },
    resize,
    loadPosters,
    /** After each frame drawn inside ({coarse}: drawn with fewer pixels, see loop.js). */
    framed,
    /** True while the camera moves (the loop keeps drawing). */
    update(dt) {
      return tween.update(dt);
    },
    highlight(index) {
      if (index === highlighted) return;
      if (highlighted >= 0) instances.tint(highlighted, false);
      highlighted = index;
      if (index >= 0) instances.tint(index, true);
      canvas.style.cursor = index >= 0 ? "pointer" : "";
      placeLabel();
    },
    /** Brings the camera in front of a station (or jumps there when motion is reduced). */
    focus(index) {
      const station = stations[index];
      if (!station) return;
      const ahead = front(station);
      const target = new Vector3(station.x, station.lookY, station.z);
      const eye = target.clone().addScaledVector(ahead, VIEW_DISTANCE).setY(EYE);
      tween.to({ from: pose(camera.position, camera.position.clone().add(camera.getWorldDirection(new Vector3()))), to: pose(eye, target), seconds: 0.8, apply: place, done: settle });
      changed();
    },
    home() {
      tween.to({ from: pose(camera.position, camera.position.clone().add(camera.getWorldDirection(new Vector3()))), to: door(), seconds: 0.8, apply: place, done: settle });
      changed();
    },
    placeLabel,
    dispose() {
      cancelIdle();
      tween.cancel();
      picker.dispose();
      for (const [name, listener] of Object.entries(listeners)) canvas.removeEventListener(name, listener);
      canvas.style.cursor = "";
      disposeScene();
      if (label) label.hidden = true;
    },
  };

  // Keeps the name of the highlighted station above it on screen.
  function placeLabel() {
    if (!label) return;
    const station = stations[highlighted];
    if (!station) {
      label.hidden = true;
      return;
    }
    const top = station.kind === "testimonial" ? 3.75 : station.kind === "desk" ? 2.8 : 3.2;
    point.copy(toWorld(station, [0, top, 0])).project(camera);
    if (point.z > 1) {
      label.hidden = true;
      return;
    }
    const width = container.clientWidth;
    const height = container.clientHeight;
    const x = Math.min(Math.max((point.x * 0.5 + 0.5) * width, 90), width - 90);
    // Below the view's buttons, at the top.
    const y = Math.min(Math.max((-point.y * 0.5 + 0.5) * height, 150), height - 10);
    label.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px) translate(-50%, -100%)`;
    label.hidden = false;
  }
}
