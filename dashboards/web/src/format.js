// Numbers as people read them.
export const percent = (v) => (v == null || Number.isNaN(v) ? "–" : `${v.toFixed(1)} %`);

export function bytes(v) {
  if (v == null) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export const rate = (v) => (v == null ? "–" : `${bytes(v)}/s`);

export function time(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleTimeString();
}
