"""What a visitor downloads before the town's first frame, compressed as served.

A real uvicorn server (DEBUG off, static files collected by CompressedManifestStaticFilesStorage
and served by WhiteNoise, HTML and JSON compressed by GZipMiddleware) and the demo edition; a
fresh Chromium context opens the town and waits for `usineTown.ready` (the first frame drawn).
Every response that ended before that moment is counted from the browser's Resource Timing
entries (transferSize: bytes on the wire, headers included; encodedBodySize: the body as sent).

Baseline, same run, same server: the same page loaded again with `Accept-Encoding: identity`,
i.e. the same bytes without any compression. `js_gz_kb` is the town entry's JavaScript gzipped
(level 9) whatever the browser negotiated (Chromium takes brotli when it is offered).
"""

import gzip
import urllib.request

from _browser import chromium as start_chromium
from _browser import ensure_client, new_page, open_town, table
from _server import prepared_env, server

BUDGET_FIRST_LOAD_KB = 1024
BUDGET_JS_GZ_KB = 350
ENTRIES = """(readyAt) => {
  const kind = (entry) => {
    if (entry.entryType === "navigation") return "HTML";
    const path = new URL(entry.name).pathname;
    if (path.endsWith(".js")) return "JS";
    if (path.endsWith(".css")) return "CSS";
    if (path.startsWith("/api/town")) return "scene JSON";
    return "other";
  };
  const entries = performance.getEntriesByType("resource");
  return [...performance.getEntriesByType("navigation"), ...entries]
    .filter((entry) => entry.responseEnd <= readyAt)
    .map((entry) => ({
      kind: kind(entry), url: entry.name, transfer: entry.transferSize,
      body: entry.encodedBodySize, decoded: entry.decodedBodySize,
    }));
}"""
KINDS = ["HTML", "JS", "CSS", "scene JSON", "other"]


def measure(browser, base: str, headers: dict | None = None) -> tuple[list[dict], float]:
    page = new_page(browser, headers=headers)
    ready_at = open_town(page, base)
    entries = page.evaluate(ENTRIES, ready_at)
    page.context.close()
    return entries, ready_at


def by_kind(entries: list[dict], field: str) -> dict[str, int]:
    totals = dict.fromkeys(KINDS, 0)
    for entry in entries:
        totals[entry["kind"]] += entry[field]
    return totals


def kb(size: float) -> str:
    return f"{size / 1024:.1f}"


def main() -> None:
    ensure_client()
    env = prepared_env(DEBUG="0")
    with server(env) as base, start_chromium() as browser:
        compressed, ready_ms = measure(browser, base)
        plain, plain_ready_ms = measure(browser, base, headers={"Accept-Encoding": "identity"})
        scripts = [entry["url"] for entry in compressed if entry["kind"] == "JS"]
        js_gzip = sum(len(gzip.compress(urllib.request.urlopen(url).read(), 9)) for url in scripts)

    wire = by_kind(compressed, "transfer")
    body = by_kind(compressed, "body")
    raw = by_kind(plain, "transfer")
    files = {kind: sum(1 for e in compressed if e["kind"] == kind) for kind in KINDS}
    rows = [
        [
            kind,
            files[kind],
            kb(wire[kind]),
            kb(body[kind]),
            kb(raw[kind]),
            f"{raw[kind] / wire[kind]:.1f}x" if wire[kind] and raw[kind] else "-",
        ]
        for kind in KINDS
        if files[kind]
    ]
    first_load = sum(wire.values())
    rows.append(
        [
            "total",
            sum(files.values()),
            kb(first_load),
            kb(sum(body.values())),
            kb(sum(raw.values())),
            f"{sum(raw.values()) / first_load:.1f}x",
        ]
    )
    print(
        "Town first load: everything received before the first frame (demo edition, 40 buildings)"
    )
    print(
        table(
            ["type", "files", "on the wire KB", "body KB", "baseline: uncompressed KB", "saving"],
            rows,
        )
    )
    print()
    for entry in compressed:
        print(
            f"  {entry['kind']:<10} {kb(entry['transfer']):>7} KB  {entry['url'].replace(base, '')}"
        )
    print()
    print(
        f"first frame after {ready_ms:.0f} ms (compressed), {plain_ready_ms:.0f} ms (baseline),"
        " loopback network, SwiftShader"
    )
    print(
        f"town JavaScript gzip -9: {kb(js_gzip)} KB (budget {BUDGET_JS_GZ_KB} KB);"
        f" first load {kb(first_load)} KB (budget {BUDGET_FIRST_LOAD_KB} KB)"
    )
    within = first_load / 1024 < BUDGET_FIRST_LOAD_KB and js_gzip / 1024 <= BUDGET_JS_GZ_KB
    print(
        f"RESULT first_load_kb={first_load / 1024:.0f} js_gz_kb={js_gzip / 1024:.0f}"
        f" baseline_uncompressed_kb={sum(raw.values()) / 1024:.0f}"
        f" within_budget={int(within)}"
    )


if __name__ == "__main__":
    main()
