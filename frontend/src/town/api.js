// Reads the town's description from the JSON API (see the contract in usine/fair/services.py).
export class TownLoadError extends Error {
  constructor(status) {
    super(`The town could not be loaded (HTTP ${status}).`);
    this.name = "TownLoadError";
    this.status = status;
  }
}

export async function fetchTown(url, { signal } = {}) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new TownLoadError(0);
  }
  if (!response.ok) throw new TownLoadError(response.status);
  const data = await response.json();
  if (!data?.town || !Array.isArray(data.buildings)) throw new TownLoadError(response.status);
  return data;
}
