"""Draw calls of the demo town (40 buildings) in Chromium, high and low quality.

A real uvicorn server with the demo edition; Chromium (SwiftShader) opens the town and reads
`usineTown.drawCalls()`, i.e. `renderer.info.render.calls` of one whole frame. Measured: the first
frame (it also draws the shadow map, which the static town then keeps), a steady frame, and a
frame in low quality (no shadows, no small parts). Every part of every building is an instance of
one InstancedMesh per shared geometry.

Baseline, same run, same scene: the naive count of one mesh per part, computed from the parts the
client actually built (buildings, trees, boats…, plus ground, sea, quay and one mesh per street
segment), doubled for the parts that cast shadows in the frame that draws the shadow map.
"""

from _browser import chromium, ensure_client, new_page, open_town, table
from _server import prepared_env, server

BUDGET = 100
FRAMES_TIMED = 8

MEASURE = """async (frames) => {
  const town = window.usineTown;
  const frame = async () => { await town.nextFrame(); return town.drawCalls(); };
  const timed = async () => {
    const start = performance.now();
    for (let i = 0; i < frames; i += 1) await town.nextFrame();
    return (performance.now() - start) / frames;
  };
  town.renderer.shadowMap.needsUpdate = true;
  const withShadowPass = await frame();
  const steady = await frame();
  const triangles = town.renderer.info.render.triangles;
  const highMs = await timed();
  town.setQuality("low");
  const low = await frame();
  const lowTriangles = town.renderer.info.render.triangles;
  const lowMs = await timed();
  const parts = town.sites.reduce((sum, site) => sum + site.parts.length, 0);
  const count = (key) => town.instances.meshes.reduce((sum, mesh) => sum + key(mesh), 0);
  const instances = count((mesh) => mesh.instanceMatrix.count);
  return {
    buildings: town.buildings.length, withShadowPass, steady, triangles, highMs, low, lowTriangles,
    lowMs, parts, scenery: instances - parts, streets: town.streets.segments.length,
    meshes: town.instances.meshes.length,
    mainInstances: count((mesh) => mesh.userData.mainCount),
  };
}"""


def main() -> None:
    ensure_client()
    env = prepared_env(DEBUG="0")
    with server(env) as base, chromium() as browser:
        page = new_page(browser, quality="high")
        open_town(page, base)
        first_frame = page.evaluate("usineTown.firstFrameDrawCalls")
        m = page.evaluate(MEASURE, FRAMES_TIMED)
        page.context.close()

    # Naive scene: one mesh per part and per street segment, plus land, quay and sea.
    naive_main = m["parts"] + m["scenery"] + m["streets"] + 3
    naive_shadow = naive_main + m["parts"] + m["scenery"]
    rows = [
        ["first frame (shadow map included)", first_frame, naive_shadow, ""],
        ["high quality, frame drawing the shadow map", m["withShadowPass"], naive_shadow, ""],
        ["high quality, steady frame", m["steady"], naive_main, f"{m['highMs']:.0f}"],
        ["low quality", m["low"], m["mainInstances"] + m["streets"] + 3, f"{m['lowMs']:.0f}"],
    ]
    print(
        f"Demo town: {m['buildings']} buildings, {m['parts']} building parts, "
        f"{m['scenery']} scenery parts, {m['meshes']} instanced meshes, "
        f"{m['streets']} street segments"
    )
    print(
        table(
            ["frame", "draw calls", "baseline: one mesh per part", "ms/frame (SwiftShader)"], rows
        )
    )
    print(f"triangles: {m['triangles']} high, {m['lowTriangles']} low")
    worst = max(first_frame, m["withShadowPass"], m["steady"])
    print(f"budget: under {BUDGET} draw calls for 40 buildings")
    print(
        f"RESULT draw_calls={worst} buildings={m['buildings']} steady_draw_calls={m['steady']}"
        f" low_draw_calls={m['low']} naive_draw_calls={naive_shadow}"
    )


if __name__ == "__main__":
    main()
