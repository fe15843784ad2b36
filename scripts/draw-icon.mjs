#!/usr/bin/env node
// Draws the marketplace icon, media/icon.png (128×128 RGBA): a draft page whose marks have the
// colours of the three kinds of reference (agreement blue, pillar purple, country green) under a
// lens. Plain Node (zlib for the PNG), so it needs no image tool; 4×4 samples a pixel smooth the
// edges. Usage: node scripts/draw-icon.mjs [OUT]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

const hex = (h, alpha = 1) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), alpha];

/** A rounded rectangle's test: is (x, y) inside? */
const roundRect = (x0, y0, w, h, r) => (x, y) => {
  if (x < x0 || y < y0 || x > x0 + w || y > y0 + h) return false;
  const cx = Math.min(Math.max(x, x0 + r), x0 + w - r);
  const cy = Math.min(Math.max(y, y0 + r), y0 + h - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const ring = (cx, cy, r, width) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= width / 2;
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
/** A segment with round ends. */
const stroke = (x1, y1, x2, y2, width) => (x, y) => {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= width / 2;
};

const GREY = hex('#9aa3ad');
// Painted in order, each over the ones before.
const shapes = [
  [roundRect(4, 4, 120, 120, 24), hex('#1b2a41')],
  [roundRect(20, 16, 64, 88, 6), hex('#f4f1ea')],
  [roundRect(28, 28, 42, 6, 3), GREY],
  [roundRect(28, 42, 24, 9, 3), hex('#3794ff')],
  [roundRect(56, 44.5, 20, 4, 2), GREY],
  [roundRect(28, 57.5, 14, 4, 2), GREY],
  [roundRect(46, 55, 26, 9, 3), hex('#c586c0')],
  [roundRect(28, 68, 20, 9, 3), hex('#4ec9b0')],
  [roundRect(52, 70.5, 22, 4, 2), GREY],
  [roundRect(28, 83, 36, 4, 2), GREY],
  [disc(78, 76, 21), hex('#ffffff', 0.22)],
  [ring(78, 76, 21, 7), hex('#f5b942')],
  [stroke(94, 92, 110, 108, 11), hex('#f5b942')],
];

const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = px + (sx + 0.5) / SAMPLES;
        const y = py + (sy + 0.5) / SAMPLES;
        // Premultiplied "over" compositing of every shape that covers the sample.
        let [r, g, b, a] = [0, 0, 0, 0];
        for (const [inside, [cr, cg, cb, ca]] of shapes) {
          if (!inside(x, y)) continue;
          r = cr * ca + r * (1 - ca);
          g = cg * ca + g * (1 - ca);
          b = cb * ca + b * (1 - ca);
          a = ca + a * (1 - ca);
        }
        sum[0] += r;
        sum[1] += g;
        sum[2] += b;
        sum[3] += a;
      }
    }
    const n = SAMPLES * SAMPLES;
    const alpha = sum[3] / n;
    const i = (py * SIZE + px) * 4;
    for (let c = 0; c < 3; c++) pixels[i + c] = alpha > 0 ? Math.round(sum[c] / n / alpha) : 0;
    pixels[i + 3] = Math.round(alpha * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8 bits a channel, RGBA, deflate, no filter method, no interlace
const rows = Buffer.concat(
  Array.from({ length: SIZE }, (_, y) => Buffer.concat([Buffer.from([0]), pixels.subarray(y * SIZE * 4, (y + 1) * SIZE * 4)])),
);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = process.argv[2] ?? path.join(import.meta.dirname, '..', 'media', 'icon.png');
fs.writeFileSync(out, png);
process.stdout.write(`${out}: ${SIZE}×${SIZE}, ${png.length} bytes\n`);
