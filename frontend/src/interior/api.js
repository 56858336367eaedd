// Reads the inside of a building from the JSON API (usine/town/interior.py).
export class InteriorLoadError extends Error {
  constructor(status) {
    super(`The building could not be loaded (HTTP ${status}).`);
    this.name = "InteriorLoadError";
    this.status = status;
  }
}

export async function fetchInterior(url, { signal } = {}) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new InteriorLoadError(0);
  }
  if (!response.ok) throw new InteriorLoadError(response.status);
  const data = await response.json();
  if (!data?.building || !Array.isArray(data.testimonials) || !Array.isArray(data.jobs)) {
    throw new InteriorLoadError(response.status);
  }
  return data;
}
