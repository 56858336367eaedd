// Keeps the drawing buffer and the camera's aspect in step with the container's size.
export function createResizer({ container, renderer, camera, onResize }) {
  const apply = () => {
    const width = Math.max(1, container.clientWidth);
    const height = Math.max(1, container.clientHeight);
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    onResize();
  };
  const observer = new ResizeObserver(apply);
  observer.observe(container);
  apply();
  return { apply, dispose: () => observer.disconnect() };
}
