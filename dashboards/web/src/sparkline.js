// A small line on a canvas: the last points of one metric of one container. The canvas has a fixed size (CSS may
// scale it): reading its layout size here would force a layout for every row of a large table. Its 2D context is
// taken once, with the device pixel ratio as its transform, and kept on the canvas.
export const SPARK_WIDTH = 80;
export const SPARK_HEIGHT = 20;

const contexts = new WeakMap(); // canvas -> its 2D context, scaled

export function sizeSparkline(canvas) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = SPARK_WIDTH * ratio;
  canvas.height = SPARK_HEIGHT * ratio;
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.lineWidth = 1.5;
  contexts.set(canvas, g);
  return canvas;
}

export function drawSparkline(canvas, values, max, color) {
  const g = contexts.get(canvas) ?? contexts.get(sizeSparkline(canvas));
  const width = SPARK_WIDTH;
  const height = SPARK_HEIGHT;
  g.clearRect(0, 0, width, height);
  const n = values.length;
  if (n < 2) return;
  let top = max;
  for (let i = 0; i < n; i++) if (values[i] > top) top = values[i];
  const dx = (width - 2) / (n - 1);
  const dy = (height - 2) / (top || 1);
  g.strokeStyle = color;
  g.beginPath();
  g.moveTo(1, height - 1 - values[0] * dy);
  for (let i = 1; i < n; i++) g.lineTo(1 + i * dx, height - 1 - values[i] * dy);
  g.stroke();
}
