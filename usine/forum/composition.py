"""A round table's picture and sound: the on-air speakers' feeds composed into one video.

With one speaker the packager copies the feed as it comes. With several (a round table, up to
`MAX_TILES`), each feed is decoded, scaled into its tile of a 16:9 canvas with the speaker's name
written on it, the tiles laid out as a grid (two side by side, three as two above one, four as
two by two) and the voices mixed: the source rendition is then this composition, encoded.
Functions here only write ffmpeg's filter graph; the packager runs it.

What a stage may cost is 30 % of a core (three speakers, `bench/forum_stream.py --cpu`, CPU per
second of stream). Measured on a 2-core machine: decoding three 360p feeds ≈ 9 %, three AAC
encodings ≈ 6 %, encoding a 1280x720 canvas at 25 images/s 25 % (x264 veryfast) or 13 %
(ultrafast), its 360p 9 % or 5 %; composed at 720p the stage cost 55 to 65 %, 38 % with ultrafast at
20 images/s. At 960x540 and 20 images/s with ultrafast, the speakers' cameras sending the tile's
size (nothing to scale), ≈ 30 %. Talking heads need neither more pixels nor more images.
"""

from pathlib import Path

MAX_TILES = 4
CANVAS_WIDTH, CANVAS_HEIGHT = 960, 540
TILE_WIDTH, TILE_HEIGHT = CANVAS_WIDTH // 2, CANVAS_HEIGHT // 2
FRAME_RATE = 20
LOW_HEIGHT = 360
NAME_STYLE = "font=DejaVu Sans:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=8:x=16:y=h-th-24"


def tile_positions(count: int) -> list[tuple[int, int]]:
    """Top-left corner of each tile (half the canvas wide and high) on the canvas."""
    width, height = TILE_WIDTH, TILE_HEIGHT
    if count == 2:  # side by side, in the middle of the height
        return [(0, height // 2), (width, height // 2)]
    grid = [(0, 0), (width, 0), (0, height), (width, height)]
    if count == 3:  # the third centred below the first two
        return [*grid[:2], (width // 2, height)]
    return grid[:count]


def _escaped(path: Path) -> str:
    """A path as a filter option's value (filter graph quoting, then the option's own)."""
    text = str(path).replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'")
    return text.replace(",", "\\,").replace(";", "\\;").replace("[", "\\[").replace("]", "\\]")


def filter_graph(*, name_files: list[Path]) -> str:
    """ffmpeg's filter graph for len(name_files) inputs (2 to MAX_TILES), each with a video and
    an audio stream: outputs [big] (the canvas), [low] (360p) and [a0] [a1] [a2] (the mix)."""
    count = len(name_files)
    if not 2 <= count <= MAX_TILES:
        raise ValueError(f"a composition has 2 to {MAX_TILES} tiles, not {count}")
    width, height = TILE_WIDTH, TILE_HEIGHT
    parts = []
    for index, names in enumerate(name_files):
        parts.append(
            f"[{index}:v:0]fps={FRAME_RATE},"
            f"scale=w={width}:h={height}:force_original_aspect_ratio=decrease,"
            f"pad={width}:{height}:-1:-1,setsar=1,"
            f"drawtext={NAME_STYLE}:fontsize={height // 14}:expansion=none:"
            f"textfile={_escaped(names)}[t{index}]"
        )
    layout = "|".join(f"{x}_{y}" for x, y in tile_positions(count))
    tiles = "".join(f"[t{index}]" for index in range(count))
    parts.append(
        f"{tiles}xstack=inputs={count}:layout={layout}:fill=black,"
        f"pad={CANVAS_WIDTH}:{CANVAS_HEIGHT}:0:0,format=yuv420p,split=2[big][canvas]"
    )
    parts.append(f"[canvas]scale=w=-2:h={LOW_HEIGHT}[low]")
    voices = "".join(f"[{index}:a:0]" for index in range(count))
    # normalize=0: each voice at its own level (amix would otherwise lower them all by 1/n).
    parts.append(
        f"{voices}amix=inputs={count}:duration=longest:dropout_transition=0:normalize=0,"
        "asplit=3[a0][a1][a2]"
    )
    return ";".join(parts)
