/**
 * runProgress events for one run: every phase's done/total and state, the active phase's rate over
 * the last few seconds and its ETA, at most one event per interval (the UI and the terminal redraw
 * on each).
 */
import { RUN_PHASES, type PhaseProgress, type RunPhase, type RunProgress } from '../../../shared/sync';

export interface ProgressTracker {
  setPhase(phase: RunPhase, state: PhaseProgress['state'], done?: number, total?: number): void;
  add(phase: RunPhase, n: number): void;
  /** Emits now (a status change or the end). */
  flush(): void;
  snapshot(): RunProgress;
}

const WINDOW_MS = 5000;
/** When two phases run at once, the one shown first. */
const PRIORITY: RunPhase[] = ['import', 'remove', 'create_list', 'finalize', 'read_members', 'prepare'];

export function createProgressTracker(input: {
  runId: string;
  intervalMs: number;
  emit(progress: RunProgress): void;
  now?: () => number;
}): ProgressTracker {
  const now = input.now ?? (() => performance.now());
  const phases = new Map<RunPhase, PhaseProgress>(RUN_PHASES.map((phase) => [phase, { phase, done: 0, total: 0, state: 'pending' }]));
  const history = new Map<RunPhase, Array<[number, number]>>();
  let lastEmit = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const record = (phase: RunPhase, done: number) => {
    const t = now();
    const samples = history.get(phase) ?? [];
    samples.push([t, done]);
    while (samples.length > 2 && (samples[0]?.[0] ?? t) < t - WINDOW_MS) samples.shift();
    history.set(phase, samples);
  };

  const snapshot = (): RunProgress => {
    const active = PRIORITY.find((p) => phases.get(p)?.state === 'active')
      ?? [...PRIORITY].reverse().find((p) => phases.get(p)?.state === 'done') ?? 'prepare';
    const current = phases.get(active) as PhaseProgress;
    const samples = history.get(active) ?? [];
    const first = samples[0];
    const last = samples[samples.length - 1];
    const seconds = first && last ? (last[0] - first[0]) / 1000 : 0;
    const rate = first && last && seconds > 0 ? Math.max(0, (last[1] - first[1]) / seconds) : 0;
    const remaining = Math.max(0, current.total - current.done);
    return {
      runId: input.runId,
      phase: active,
      done: current.done,
      total: current.total,
      ratePerSecond: rate,
      etaSeconds: rate > 0 ? remaining / rate : remaining === 0 ? 0 : null,
      phases: RUN_PHASES.map((p) => ({ ...(phases.get(p) as PhaseProgress) })),
    };
  };

  const emitNow = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastEmit = now();
    input.emit(snapshot());
  };

  const schedule = () => {
    const wait = lastEmit + input.intervalMs - now();
    if (wait <= 0) emitNow();
    else if (!timer) {
      timer = setTimeout(emitNow, wait);
      timer.unref?.();
    }
  };

  return {
    setPhase(phase, state, done, total) {
      const p = phases.get(phase) as PhaseProgress;
      p.state = state;
      if (total !== undefined) p.total = total;
      if (done !== undefined) {
        p.done = done;
        record(phase, done);
      }
      schedule();
    },
    add(phase, n) {
      const p = phases.get(phase) as PhaseProgress;
      p.done += n;
      record(phase, p.done);
      schedule();
    },
    flush: emitNow,
    snapshot,
  };
}
