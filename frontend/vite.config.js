// Builds the town client into Django's static files: usine/static/town/, read by {% vite_entry %}
// through .vite/manifest.json. One entry per page that runs a script (the town, the building's video
// player, the live video and room, the session bar, the teacher's console).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  base: "/static/town/",
  publicDir: false,
  build: {
    outDir: here("../usine/static/town"),
    emptyOutDir: true,
    manifest: true,
    target: "es2020",
    // three.js alone is ~560 KB before compression; the budget is on the gzip size (bench/town_load.py).
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      input: {
        town: here("src/town.js"),
        player: here("src/player.js"),
        "forum-player": here("src/forum-player.js"),
        "live-video": here("src/live-video.js"),
        "session-bar": here("src/session-bar.js"),
        "live-room": here("src/live-room.js"),
        console: here("src/console.js"),
        "forum-audience": here("src/forum-audience.js"),
        "forum-studio": here("src/forum-studio.js"),
      },
    },
  },
});
