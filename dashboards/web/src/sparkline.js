// A small line on a canvas: the last points of one metric of one container. The canvas has a fixed size (CSS may
// scale it): reading its layout size here would force a layout for every row of a large table.
export const SPARK_WIDTH = 80;
export const SPARK_HEIGHT = 20;

export function sizeSparkline(canvas) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = SPARK_WIDTH * ratio;
  canvas.height = SPARK_HEIGHT * ratio;
}

export function drawSparkline(canvas, values, max, color) {
  const ratio = canvas.width / SPARK_WIDTH;
  const width = SPARK_WIDTH;
  const height = SPARK_HEIGHT;
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  if (values.length < 2) return;
  let top = max;
  for (const v of values) if (v > top) top = v;
  g.strokeStyle = color;
  g.lineWidth = 1.5;
  g.beginPath();
  values.forEach((v, i) => {
    const x = (i / (values.length - 1)) * (width - 2) + 1;
    const y = height - 1 - (v / (top || 1)) * (height - 2);
    if (i === 0) g.moveTo(x, y);
    else g.lineTo(x, y);
  });
  g.stroke();
}
