"""Stepping inside a building: what it downloads before its first frame, its draw calls, and the
time from the click to the first frame drawn inside, in Chromium with software WebGL.

A real uvicorn server (DEBUG off, static files collected and compressed, JSON gzipped) with the
demo edition; the testimonials of the buildings entered get a ready video (their poster and
playlist addresses are what the interior shows; no segment is fetched before a visitor plays).
A fresh Chromium context opens the town, then for each of a few buildings: a real mouse click on
the building, wait for the first frame inside (`usineTown.insideFirstFrameAt`), count every
response that started after the pointer came onto the building and ended before that frame
(Resource Timing transferSize: bytes on the wire, headers included), read the draw calls of that
frame and of a steady frame, high and low quality; then back out (Escape). enter_ms is the click
to the moment the first frame inside is handed to the GPU; drawn_ms the click to the moment the
GPU is done with it (a pixel read back waits for that; on a software GPU a frame's pixels cost
more than its commands, and the read itself costs a resolve of the whole canvas).

Floor, same run, same page: one frame of the town drawn on demand (`usineTown.nextFrame()`), and
the town's own first load (from navigation to its first frame); enter_ms is also given as a
multiple of the town frame. The pointer rests on the building (its name shown) before the click,
as a visitor's does: the page prepares that building's inside then (Town.prepare: its JSON read,
its room built, its panels uploaded and its shadows drawn), and the GPU programs of an inside are
compiled while the town is idle (Town.warmInterior), so the click mostly costs one frame, drawn
with a quarter of the pixels (the next one, sharp, waits for the GPU to be done with it). The
visitor sees the town before pointing at a building: the town's frame is waited for on the GPU
before the pointer moves (else the click would wait for a frame no visitor asked for).
"""

import statistics

from _browser import chromium, ensure_client, new_page, open_town, table
from _server import manage, prepared_env, server

BUDGET_KB = 300
BUDGET_DRAW_CALLS = 60
BUDGET_ENTER_MS = 1000
BUILDINGS = 4

# The demo's testimonials without their transcoded videos (load_demo --no-videos): a ready video
# row each, whose files the interior never fetches before its first frame.
READY_VIDEOS = """
from django.core.files.base import ContentFile
from usine.exhibits.models import Testimonial
from usine.media.models import Video
for index, testimonial in enumerate(Testimonial.objects.all()):
    video = Video(status="ready", progress=100, duration_s=30, width=1280, height=720,
                  playlist=f"videos/hls/bench-{index}/master.m3u8",
                  poster=f"videos/hls/bench-{index}/poster.jpg", captions_language="fr")
    video.source.save(f"bench-{index}.mp4", ContentFile(b"-"), save=False)
    video.captions.save(f"bench-{index}.vtt", ContentFile(b"WEBVTT\\n"), save=False)
    video.save()
    testimonial.video = video
    testimonial.published = True
    testimonial.save()
"""

PICK = """(count) => {
  // The buildings with the most stations, visible from the town's home view.
  const town = window.usineTown;
  return town.buildings
    .filter((b) => town.screenPoint(b.slug).visible)
    .sort((a, b) => (b.testimonial_count + b.jobs.length) - (a.testimonial_count + a.jobs.length))
    .slice(0, count).map((b) => b.slug);
}"""

ENTER = """async (slug) => {
  const town = window.usineTown;
  await town.nextFrame();
  // The visitor sees the town before pointing at a building: its frame is drawn, not only asked
  // of the GPU (reading a pixel waits for it).
  const gl = town.renderer.getContext();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  const point = town.screenPoint(slug);
  window.__clickAt = 0;
  window.__hoverAt = performance.now(); // what the hover reads ahead counts too
  const clicked = () => { window.__clickAt = performance.now(); };
  town.renderer.domElement.addEventListener("pointerup", clicked, { capture: true, once: true });
  return point;
}"""

INSIDE = """async (slug) => {
  const town = window.usineTown;
  const entered = () => town.inside && town.inside.data.building.slug === slug
    && town.insideFirstFrameAt > window.__clickAt;
  while (!entered()) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // The first frame inside is drawn once the GPU is done with it: reading a pixel waits for that.
  const gl = town.renderer.getContext();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  const drawnAt = performance.now();
  const clickAt = window.__clickAt;
  const firstAt = town.insideFirstFrameAt;
  const entries = performance.getEntriesByType("resource")
    .filter((entry) => entry.startTime >= window.__hoverAt && entry.responseEnd <= firstAt)
    .map((entry) => ({ url: entry.name, transfer: entry.transferSize }));
  // Where the time went: the JSON read (or found prepared), the room built, then the frame.
  const mark = (name) => {
    const after = performance.getEntriesByName(name, "mark").filter((m) => m.startTime >= clickAt);
    return after.length ? after[0].startTime - clickAt : null;
  };
  const readMs = mark("usine:interior-fetched");
  const builtMs = mark("usine:interior-built");
  const firstCalls = town.insideFirstFrameDrawCalls;
  await town.nextFrame();
  const steady = town.drawCalls();
  town.setQuality("low");
  await town.nextFrame();
  const low = town.drawCalls();
  town.setQuality("high");
  await town.nextFrame();
  const times = [];
  for (let i = 0; i < 4; i += 1) {
    town.inside.camera.rotation.y += 0.001; // a real change, so that the frame is drawn
    const start = performance.now();
    await town.nextFrame();
    times.push(performance.now() - start);
  }
  const frameMs = times.sort((a, b) => a - b)[2];
  return { frameMs, enterMs: firstAt - clickAt, drawnMs: drawnAt - clickAt, readMs, builtMs,
           entries, firstCalls, steady, low, stations: town.inside.stations.length,
           look: town.inside.data.building.look };
}"""

HOVERED = """async (slug) => {
  const town = window.usineTown;
  while (town.buildings[town.highlighted]?.slug !== slug) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // The frame showing the highlight (unless already drawn: no other frame is asked for).
  if (!town.loop.sleeping) await town.nextFrame();
}"""

LEFT = """async () => {
  while (window.usineTown.inside) await new Promise((resolve) => setTimeout(resolve, 20));
  await window.usineTown.nextFrame();
}"""

TOWN_FRAME = """async () => {
  const town = window.usineTown;
  const times = [];
  for (let i = 0; i < 8; i += 1) {
    town.overview.controls.target.x += 0.001; // a real change, so that the frame is drawn
    const start = performance.now();
    await town.nextFrame();
    times.push(performance.now() - start);
  }
  return times;
}"""


def main() -> None:
    ensure_client()
    env = prepared_env(DEBUG="0")
    manage(env, "shell", "-c", READY_VIDEOS)
    rows = []
    with server(env) as base, chromium() as browser:
        page = new_page(browser, quality="high")
        town_ready_ms = open_town(page, base)
        town_frames = page.evaluate(TOWN_FRAME)
        for slug in page.evaluate(PICK, BUILDINGS):
            point = page.evaluate(ENTER, slug)
            # As a visitor does: the pointer on the building shows its name, then the click.
            page.mouse.move(point["x"], point["y"])
            page.evaluate(HOVERED, slug)
            page.mouse.click(point["x"], point["y"])
            result = page.evaluate(INSIDE, slug)
            page.keyboard.press("Escape")
            page.evaluate(LEFT)
            result["slug"] = slug
            result["kb"] = sum(entry["transfer"] for entry in result["entries"]) / 1024
            rows.append(result)
        page.context.close()

    town_frame_ms = statistics.median(town_frames)
    print("Entering a building from the town (demo edition, SwiftShader, high quality)")
    print(
        table(
            [
                "building",
                "look",
                "stations",
                "files",
                "KB on the wire",
                "click → first frame ms",
                "… drawn ms",
                "read/built ms",
                "draw calls first/steady/low",
                "a frame inside ms",
            ],
            [
                [
                    r["slug"],
                    r["look"],
                    r["stations"],
                    len(r["entries"]),
                    f"{r['kb']:.1f}",
                    f"{r['enterMs']:.0f}",
                    f"{r['drawnMs']:.0f}",
                    f"{r['readMs']:.0f}/{r['builtMs']:.0f}",
                    f"{r['firstCalls']}/{r['steady']}/{r['low']}",
                    f"{r['frameMs']:.0f}",
                ]
                for r in rows
            ],
        )
    )
    print()
    for entry in rows[0]["entries"]:
        print(f"  {entry['transfer'] / 1024:>7.1f} KB  {entry['url'].replace(base, '')}")
    print()
    kb = max(r["kb"] for r in rows)
    calls = max(max(r["firstCalls"], r["steady"]) for r in rows)
    enter_ms = statistics.median(r["enterMs"] for r in rows)
    drawn_ms = statistics.median(r["drawnMs"] for r in rows)
    print(
        f"floor: a town frame {town_frame_ms:.0f} ms (median of 8), the town's first load"
        f" {town_ready_ms:.0f} ms; entering takes {enter_ms / town_frame_ms:.1f} town frames"
    )
    print(
        f"budgets: < {BUDGET_KB} KB (worst {kb:.1f}), < {BUDGET_DRAW_CALLS} draw calls"
        f" (worst {calls}), first frame < {BUDGET_ENTER_MS} ms (median {enter_ms:.0f})"
    )
    within = kb < BUDGET_KB and calls < BUDGET_DRAW_CALLS and enter_ms < BUDGET_ENTER_MS
    print(
        f"RESULT interior_kb={kb:.1f} interior_draw_calls={calls} enter_ms={enter_ms:.0f}"
        f" drawn_ms={drawn_ms:.0f} town_frame_ms={town_frame_ms:.0f} within_budget={int(within)}"
    )


if __name__ == "__main__":
    main()
