/**
 * Numbers, durations and dates the way a marketer reads them: 12,345 · 1 h 4 min · 3.2 MB.
 * Pure and locale-pinned to en-US so screenshots and tests read the same on every machine.
 */
const LOCALE = 'en-US';
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

/** 12345 → "12,345". Non-finite numbers (a missing total) become an en dash. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? integer.format(Math.round(value)) : '–';
}

/** "1 row" / "12,345 rows". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** 0.9234 → "92%"; small non-zero shares keep a decimal so 0.4% does not read as 0%. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '–';
  const pct = share * 100;
  if (pct > 0 && pct < 1) return `${pct.toFixed(1)}%`;
  if (pct < 100 && pct > 99) return `${Math.floor(pct)}%`;
  return `${Math.round(pct)}%`;
}

/**
 * Seconds as words: "45 s", "3 min 20 s", "1 h 4 min", "2 d 3 h". Two units at most: more precision
 * than that is noise for an estimate.
 */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return '–';
  const s = Math.round(totalSeconds);
  if (s < 60) return `${s} s`;
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** An ETA as a phrase: "about 4 min left", "less than a minute left", or null when unknown. */
export function formatEta(etaSeconds: number | null): string | null {
  if (etaSeconds === null || !Number.isFinite(etaSeconds) || etaSeconds < 0) return null;
  if (etaSeconds < 60) return 'less than a minute left';
  return `about ${formatDuration(etaSeconds)} left`;
}

/** A rate: "1,234 rows/s"; below 1/s, per minute reads better ("30 pages/min"). */
export function formatRate(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return `– ${unit}/s`;
  if (perSecond < 1) return `${formatCount(perSecond * 60)} ${unit}/min`;
  return `${formatCount(perSecond)} ${unit}/s`;
}

const BYTE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 → "1.5 KB", 113_000_000 → "108 MB" (binary steps, like file managers). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${formatCount(value)} ${value === 1 ? 'byte' : 'bytes'}`;
  const digits = value < 10 ? 1 : 0;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

const dateTime = new Intl.DateTimeFormat(LOCALE, {
  year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat(LOCALE, { year: 'numeric', month: 'short', day: 'numeric' });

/** An ISO timestamp as "Mar 4, 2025, 2:05 PM"; unreadable input comes back as written. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '–';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateTime.format(ms);
}

export function formatDate(iso: string | null): string {
  if (!iso) return '–';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateOnly.format(ms);
}

/** Seconds between two ISO timestamps, or null when either is missing. */
export function secondsBetween(startIso: string | null, endIso: string | null): number | null {
  if (!startIso || !endIso) return null;
  const start = Date.parse(startIso);
  const end = Date.parse(endIso);
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return Math.max(0, (end - start) / 1000);
}

/**
 * A countdown to a reset time: "in 3 h 12 min", "in 40 s", or null once the time has passed.
 * `nowMs` is passed in so the component owns the clock and this stays pure.
 */
export function formatCountdown(targetIso: string, nowMs: number): string | null {
  const target = Date.parse(targetIso);
  if (Number.isNaN(target)) return null;
  const left = (target - nowMs) / 1000;
  if (left <= 0) return null;
  return `in ${formatDuration(Math.ceil(left))}`;
}
