// Connectivity self-test before a live exchange: can this computer, on this school network,
// open a WebSocket to the live video server, set up WebRTC, and play HLS video?
// Reads #selftest-config (addresses) and #selftest-messages (translated texts); each check writes
// its result into the list item [data-check=NAME] and sets data-result="ok" | "fail".
(() => {
  const config = JSON.parse(document.getElementById("selftest-config").textContent);
  const messages = JSON.parse(document.getElementById("selftest-messages").textContent);
  const TIMEOUT_MS = 8000;

  const withTimeout = (promise) =>
    Promise.race([
      promise,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS)),
    ]);

  function report(name, ok, detail) {
    const item = document.querySelector(`[data-check="${name}"]`);
    item.dataset.result = ok ? "ok" : "fail";
    item.querySelector("[data-check-result]").textContent =
      (ok ? messages.ok : messages.fail) + (detail ? ` — ${detail}` : "");
  }

  // The live video server's WebSocket answers Janus's "info" request (it needs no token).
  function checkWebSocket() {
    if (!config.janusServer) return Promise.resolve([false, messages.videoServerDown]);
    return withTimeout(
      new Promise((resolve, reject) => {
        const socket = new WebSocket(config.janusServer, "janus-protocol");
        socket.onopen = () => socket.send(JSON.stringify({ janus: "info", transaction: "selftest" }));
        socket.onmessage = (event) => {
          const answer = JSON.parse(event.data);
          socket.close();
          resolve([answer.janus === "server_info", ""]);
        };
        socket.onerror = () => reject(new Error("websocket"));
      }),
    ).catch(() => [false, messages.websocketBlocked]);
  }

  // WebRTC is there and gathers candidates (with the configured STUN/TURN servers, if any).
  function checkWebRTC() {
    if (typeof RTCPeerConnection === "undefined") return Promise.resolve([false, messages.noWebrtc]);
    const pc = new RTCPeerConnection({ iceServers: config.iceServers });
    const types = new Set();
    pc.createDataChannel("selftest");
    const gathered = new Promise((resolve) => {
      pc.onicecandidate = (event) => {
        if (event.candidate) types.add(event.candidate.type || "host");
        else resolve();
      };
    });
    return withTimeout(pc.createOffer().then((offer) => pc.setLocalDescription(offer)).then(() => gathered))
      .catch(() => null)
      .then(() => {
        pc.close();
        return [types.size > 0, [...types].sort().join(", ")];
      });
  }

  // HLS plays natively or through Media Source Extensions, and a playlist of the fair loads.
  function checkHLS() {
    const video = document.createElement("video");
    const supported =
      video.canPlayType("application/vnd.apple.mpegurl") !== "" ||
      (typeof MediaSource !== "undefined" && MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01E,mp4a.40.2"'));
    if (!supported) return Promise.resolve([false, messages.noHls]);
    if (!config.hlsPlaylist) return Promise.resolve([true, ""]);
    return withTimeout(fetch(config.hlsPlaylist, { cache: "no-store" }))
      .then((response) => (response.ok ? response.text() : ""))
      .then((text) => [text.startsWith("#EXTM3U"), text.startsWith("#EXTM3U") ? "" : messages.hlsBlocked])
      .catch(() => [false, messages.hlsBlocked]);
  }

  async function run() {
    const button = document.querySelector("[data-selftest-run]");
    button.disabled = true;
    const summary = document.querySelector("[data-selftest-summary]");
    summary.textContent = "";
    delete document.body.dataset.selftest;
    document.querySelectorAll("[data-check]").forEach((item) => {
      delete item.dataset.result;
      item.querySelector("[data-check-result]").textContent = messages.running;
    });
    const checks = { websocket: checkWebSocket, webrtc: checkWebRTC, hls: checkHLS };
    for (const [name, check] of Object.entries(checks)) {
      const [ok, detail] = await check();
      report(name, ok, detail);
    }
    const allOk = [...document.querySelectorAll("[data-check]")].every((i) => i.dataset.result === "ok");
    summary.textContent = allOk ? messages.allOk : messages.someFailed;
    document.body.dataset.selftest = allOk ? "ok" : "fail";
    button.disabled = false;
  }

  document.querySelector("[data-selftest-run]").addEventListener("click", run);
  run();
})();
