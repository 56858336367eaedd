// The organizers' town map: drag a building onto a plot, or with the keyboard pick it (Enter),
// choose a square with the arrow keys and drop it (Enter). Either way the page's plain form
// "building → plot" is filled and sent: the server decides and says why it refuses.
(() => {
  const map = document.querySelector("[data-town-map]");
  const form = document.querySelector("[data-plot-form]");
  if (!map || !form) return;
  const svg = map.querySelector("[data-map-svg]");
  const cursor = map.querySelector("[data-map-cursor]");
  const status = document.querySelector("[data-map-status]");
  const cells = [...map.querySelectorAll("[data-code]")];
  const at = (row, column) =>
    cells.find((c) => +c.dataset.row === row && +c.dataset.column === column);
  const centre = (cell) => cell.transform.baseVal.consolidate().matrix;
  const say = (key, values) => {
    status.textContent = map.dataset[key].replace(/%\((\w+)\)s/g, (_, name) => values[name]);
  };
  let picked = null;
  let current = null;

  const nearest = (x, z) => {
    let best = null;
    let distance = Infinity;
    for (const cell of cells) {
      const m = centre(cell);
      const d = (m.e - x) ** 2 + (m.f - z) ** 2;
      if (d < distance) [best, distance] = [cell, d];
    }
    return best;
  };

  const point = (event) => {
    const p = svg.createSVGPoint();
    p.x = event.clientX;
    p.y = event.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  };

  const show = (cell) => {
    current = cell;
    const m = centre(cell);
    cursor.setAttribute("transform", `translate(${m.e} ${m.f})`);
    cursor.setAttribute("visibility", "visible");
    const kind = cell.dataset.kind === "sea" ? "msgSea" : cell.classList.contains("taken") ? "msgTaken" : "msgFree";
    say(kind, { code: cell.dataset.code });
  };

  const drop = (building, cell) => {
    const select = form.elements.plot;
    if (![...select.options].some((o) => o.value === cell.dataset.code)) {
      select.add(new Option(cell.dataset.code, cell.dataset.code));
    }
    select.value = cell.dataset.code;
    form.elements.building.value = building.dataset.building;
    form.submit();
  };

  const release = () => {
    if (picked) picked.setAttribute("aria-pressed", "false");
    picked = null;
    current = null;
    cursor.setAttribute("visibility", "hidden");
  };

  for (const building of map.querySelectorAll("[data-building]")) {
    const home = () => nearest(+building.dataset.x, +building.dataset.z);
    building.addEventListener("keydown", (event) => {
      const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        if (picked === building && current) return drop(building, current);
        release();
        picked = building;
        building.setAttribute("aria-pressed", "true");
        show(home());
        say("msgPicked", { name: building.getAttribute("aria-label") });
      } else if (event.key === "Escape" && picked) {
        release();
        say("msgCancel", {});
      } else if (moves[event.key] && picked === building) {
        event.preventDefault();
        const [dr, dc] = moves[event.key];
        const next = at(+current.dataset.row + dr, +current.dataset.column + dc);
        if (next) show(next);
      }
    });
    building.addEventListener("pointerdown", (event) => {
      building.setPointerCapture(event.pointerId);
      building.classList.add("dragging");
      release();
      picked = building;
    });
    building.addEventListener("pointermove", (event) => {
      if (!building.classList.contains("dragging")) return;
      const p = point(event);
      building.setAttribute("transform", `translate(${p.x} ${p.y})`);
      show(nearest(p.x, p.y));
    });
    building.addEventListener("pointerup", (event) => {
      if (!building.classList.contains("dragging")) return;
      building.classList.remove("dragging");
      const p = point(event);
      const cell = nearest(p.x, p.y);
      if (cell && cell !== home()) drop(building, cell);
      else {
        building.setAttribute("transform", `translate(${building.dataset.x} ${building.dataset.z})`);
        release();
      }
    });
  }
})();
