// The app icons as PNG (what web app manifests and home screens want), drawn from the same shapes as src/icons/icon.svg:
// a blue rounded square with three white bars. Written by the build; no binary file is kept in the repository.
import { deflateSync } from "node:zlib";

const BLUE = [0x1f, 0x6f, 0xeb];
const WHITE = [0xff, 0xff, 0xff];
// In the SVG's 64×64 units: [x, y, width, height, corner radius].
const SQUARE = [0, 0, 64, 64, 14];
const BARS = [[12, 34, 9, 18, 2], [27.5, 22, 9, 30, 2], [43, 12, 9, 40, 2]];

function inside([x, y, w, h, r], px, py) {
  if (px < x || py < y || px > x + w || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** An RGBA PNG of the icon, size × size pixels, each pixel the average of 4×4 subsamples. */
export function iconPng(size, { opaque = false } = {}) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const scale = 64 / size;
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    for (let x = 0; x < size; x++) {
      let square = 0;
      let bar = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const px = (x + (sx + 0.5) / 4) * scale;
          const py = (y + (sy + 0.5) / 4) * scale;
          if (opaque || inside(SQUARE, px, py)) square++;
          if (BARS.some((b) => inside(b, px, py))) bar++;
        }
      }
      const mix = square ? bar / square : 0;
      const o = row + 1 + x * 4;
      for (let i = 0; i < 3; i++) raw[o + i] = Math.round(BLUE[i] * (1 - mix) + WHITE[i] * mix);
      raw[o + 3] = Math.round((square / 16) * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
