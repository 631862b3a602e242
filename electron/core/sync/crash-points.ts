/**
 * Test hook for the crash-safety tests: AUDIENCE_SYNC_TEST_CRASH_AT=<point>:<n> (e.g.
 * `after-send:import:2`) makes this process kill itself with SIGKILL the n-th time it reaches that
 * point, as a power cut would. Unset (always, outside those tests), a crash point costs one lookup.
 */
const hits = new Map<string, number>();

function target(): { point: string; count: number } | null {
  const raw = process.env.AUDIENCE_SYNC_TEST_CRASH_AT;
  if (!raw) return null;
  const at = raw.lastIndexOf(':');
  const count = Number(raw.slice(at + 1));
  if (at <= 0 || !Number.isInteger(count) || count < 1) return null;
  return { point: raw.slice(0, at), count };
}

export function crashPoint(point: string): void {
  const wanted = target();
  if (!wanted || wanted.point !== point) return;
  const n = (hits.get(point) ?? 0) + 1;
  hits.set(point, n);
  if (n === wanted.count) process.kill(process.pid, 'SIGKILL');
}
