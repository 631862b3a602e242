#!/usr/bin/env node
// Draws the app icon (build/icon.png, 512×512 RGBA) without any image tool: a rounded square in
// Klaviyo-like charcoal with two arrows chasing each other (a sync) around a list mark.
// electron-builder derives the macOS .icns and the Windows .ico from this one PNG.
// Rerun after changing the drawing: `node build/make-icon.mjs`.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const SIZE = 512;
const pixels = Buffer.alloc(SIZE * SIZE * 4);

/** Coverage of a pixel by a shape, with 4×4 supersampling for smooth edges. */
function coverage(x, y, inside) {
  let hits = 0;
  for (let i = 0; i < 4; i += 1) for (let j = 0; j < 4; j += 1) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) hits += 1;
  return hits / 16;
}
function paint(inside, [r, g, b]) {
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const a = coverage(x, y, inside);
      if (a === 0) continue;
      const o = (y * SIZE + x) * 4;
      const under = pixels[o + 3] / 255;
      const outA = a + under * (1 - a);
      pixels[o] = Math.round((r * a + pixels[o] * under * (1 - a)) / outA);
      pixels[o + 1] = Math.round((g * a + pixels[o + 1] * under * (1 - a)) / outA);
      pixels[o + 2] = Math.round((b * a + pixels[o + 2] * under * (1 - a)) / outA);
      pixels[o + 3] = Math.round(outA * 255);
    }
  }
}

const roundedSquare = (x, y) => {
  const m = 24; const r = 96; const lo = m + r; const hi = SIZE - m - r;
  const cx = Math.min(Math.max(x, lo), hi); const cy = Math.min(Math.max(y, lo), hi);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const C = SIZE / 2;
const angle = (x, y) => (Math.atan2(y - C, x - C) + 2 * Math.PI) % (2 * Math.PI);
const ring = (x, y) => {
  const d = Math.hypot(x - C, y - C);
  const a = angle(x, y);
  const inArc = (a > 0.35 && a < 2.6) || (a > 0.35 + Math.PI && a < 2.6 + Math.PI);
  return d > 150 && d < 186 && inArc;
};
/** An arrow head at the end of each arc, pointing along the turn. */
const head = (tipAngle) => (x, y) => {
  const t = tipAngle; const rMid = 168;
  const tip = [C + rMid * Math.cos(t + 0.32), C + rMid * Math.sin(t + 0.32)];
  const base1 = [C + 118 * Math.cos(t), C + 118 * Math.sin(t)];
  const base2 = [C + 218 * Math.cos(t), C + 218 * Math.sin(t)];
  const sign = (p, q, r) => (p[0] - r[0]) * (q[1] - r[1]) - (q[0] - r[0]) * (p[1] - r[1]);
  const pt = [x, y];
  const d1 = sign(pt, tip, base1); const d2 = sign(pt, base1, base2); const d3 = sign(pt, base2, tip);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const bars = (x, y) => [-44, 0, 44].some((dy, i) => {
  const w = [120, 96, 72][i];
  return Math.abs(y - (C + dy)) < 13 && x > C - 60 && x < C - 60 + w;
});

paint(roundedSquare, [35, 35, 38]);
paint(ring, [255, 255, 255]);
paint(head(2.6), [255, 255, 255]);
paint(head(2.6 + Math.PI), [255, 255, 255]);
paint(bars, [168, 230, 207]);

// PNG: signature, IHDR, one IDAT (filter byte 0 per row), IEND.
const table = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => { let c = 0xffffffff; for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4); ihdr[8] = 8; ihdr[9] = 6;
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y += 1) pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('./icon.png', import.meta.url);
writeFileSync(out, png);
console.log(`wrote ${out.pathname} (${png.length} bytes)`);
