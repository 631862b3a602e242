/** Geometry for the list-size chart: pure numbers in, SVG coordinates out. */
import type { ListSizePoint } from '../../../shared/history';

export interface ChartBox {
  width: number;
  height: number;
  padLeft: number;
  padRight: number;
  padTop: number;
  padBottom: number;
}

export interface ChartGeometry {
  /** The size line, as an SVG path ("M x y L x y …"); '' with no points. */
  sizePath: string;
  points: Array<{ x: number; y: number; point: ListSizePoint }>;
  /** Per point: an adds bar rising from the baseline and a removes bar below it (scaled on their own axis). */
  bars: Array<{ x: number; width: number; addY: number; addHeight: number; removeY: number; removeHeight: number }>;
  yTicks: Array<{ y: number; value: number }>;
  maxSize: number;
  maxChange: number;
  /** The y of the zero line of the change bars. */
  changeBaseline: number;
}

/** A "nice" upper bound (1, 2, 2.5, 5 × 10^n) at or above the value, so axis labels are round. */
export function niceCeiling(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const exponent = Math.floor(Math.log10(value));
  const base = 10 ** exponent;
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * base >= value) return step * base;
  }
  return 10 * base;
}

/**
 * The upper two thirds show the list size as a line; the lower third shows adds (up) and removes
 * (down) around a baseline, each scaled to the largest change so small lists still show their bars.
 */
export function chartGeometry(points: readonly ListSizePoint[], box: ChartBox): ChartGeometry {
  const innerW = Math.max(1, box.width - box.padLeft - box.padRight);
  const innerH = Math.max(1, box.height - box.padTop - box.padBottom);
  const sizeH = innerH * 0.62;
  const gap = innerH * 0.06;
  const changeH = innerH - sizeH - gap;
  const changeTop = box.padTop + sizeH + gap;
  const changeBaseline = changeTop + changeH / 2;

  const maxSize = niceCeiling(Math.max(0, ...points.map((p) => p.size)));
  const maxChange = niceCeiling(Math.max(0, ...points.map((p) => Math.max(p.added, p.removed))));
  const n = points.length;
  const step = n > 1 ? innerW / (n - 1) : 0;
  const xAt = (i: number) => (n > 1 ? box.padLeft + i * step : box.padLeft + innerW / 2);
  const barW = Math.max(2, Math.min(24, (n > 1 ? step : innerW) * 0.5));

  const placed = points.map((point, i) => ({
    x: xAt(i),
    y: box.padTop + sizeH - (point.size / maxSize) * sizeH,
    point,
  }));
  const sizePath = placed.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)} ${round(p.y)}`).join(' ');
  const half = changeH / 2;
  const bars = placed.map(({ x, point }) => {
    const addHeight = (point.added / maxChange) * half;
    const removeHeight = (point.removed / maxChange) * half;
    return {
      x: round(x - barW / 2), width: round(barW),
      addY: round(changeBaseline - addHeight), addHeight: round(addHeight),
      removeY: round(changeBaseline), removeHeight: round(removeHeight),
    };
  });
  // Half-way only when it is a whole number of people.
  const yTicks = [0, 0.5, 1]
    .map((f) => ({ value: maxSize * f, y: round(box.padTop + sizeH - f * sizeH) }))
    .filter((t) => Number.isInteger(t.value));
  return { sizePath, points: placed, bars, yTicks, maxSize, maxChange, changeBaseline: round(changeBaseline) };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
