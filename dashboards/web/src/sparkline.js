// A small line on a canvas: the last points of one metric of one container.
export function drawSparkline(canvas, values, max, color) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 80;
  const height = canvas.clientHeight || 20;
  if (canvas.width !== width * ratio || canvas.height !== height * ratio) {
    canvas.width = width * ratio;
    canvas.height = height * ratio;
  }
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  if (values.length < 2) return;
  const top = Math.max(max, ...values) || 1;
  g.strokeStyle = color;
  g.lineWidth = 1.5;
  g.beginPath();
  values.forEach((v, i) => {
    const x = (i / (values.length - 1)) * (width - 2) + 1;
    const y = height - 1 - (v / top) * (height - 2);
    if (i === 0) g.moveTo(x, y);
    else g.lineTo(x, y);
  });
  g.stroke();
}
