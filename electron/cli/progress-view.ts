/**
 * How a long command shows its progress: bars on a terminal (one per phase of a run, since imports
 * and removals run side by side), JSON lines when a program reads stdout (--json not on a terminal),
 * an occasional plain line in a log, or nothing.
 */
import cliProgress from 'cli-progress';
import type { RunPhase, RunProgress, TaskProgress } from '../../shared/sync';
import { formatCount, formatDuration } from './text-table';
import { createLogProgress } from './log-progress';
import { phaseLabel, taskCount, taskLabel } from './sync-format';

export type ProgressMode = 'bars' | 'json-lines' | 'log' | 'none';

export interface ProgressView {
  task(progress: TaskProgress): void;
  run(progress: RunProgress): void;
  /** A line of text among the bars (a note such as "Pausing…"). */
  note(text: string): void;
  /** The work succeeded: bars of steps whose size was never known are shown full. */
  complete(): void;
  stop(): void;
}

/** The mode for the streams at hand: bars need a terminal on stderr; JSON lines need --json on a non-terminal stdout. */
export function progressMode(json: boolean, stdoutIsTty: boolean, stderrIsTty: boolean): ProgressMode {
  if (json) return stdoutIsTty ? (stderrIsTty ? 'bars' : 'none') : 'json-lines';
  return stderrIsTty ? 'bars' : 'log';
}

const PHASE_ORDER: readonly RunPhase[] = ['prepare', 'read_members', 'create_list', 'import', 'remove', 'finalize'];
const LOG_EVERY_MS = 5_000;

export function createProgressView(mode: ProgressMode, streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): ProgressView {
  if (mode === 'none') return { task() {}, run() {}, note() {}, complete() {}, stop() {} };
  if (mode === 'json-lines') {
    const line = (value: unknown) => streams.stdout.write(`${JSON.stringify(value)}\n`);
    return {
      task: (progress) => line({ type: 'taskProgress', ...progress }),
      run: (progress) => line({ type: 'runProgress', ...progress }),
      note: (text) => line({ type: 'note', text }),
      complete() {},
      stop() {},
    };
  }
  if (mode === 'log') return createLogProgress((line) => streams.stderr.write(`${line}\n`), LOG_EVERY_MS);

  const multi = new cliProgress.MultiBar({
    stream: streams.stderr,
    format: '{label} |{bar}| {percentage}% {count} {extra}',
    barsize: 28,
    hideCursor: true,
    clearOnComplete: false,
    stopOnComplete: false,
    autopadding: true,
    fps: 8,
  }, cliProgress.Presets.shades_classic);
  const bars = new Map<string, cliProgress.SingleBar>();
  const bar = (key: string, label: string, total: number) => {
    let existing = bars.get(key);
    if (!existing) {
      existing = multi.create(Math.max(1, total), 0, { label: label.padEnd(26), count: '', extra: '' });
      bars.set(key, existing);
    }
    existing.setTotal(Math.max(1, total));
    return existing;
  };
  return {
    task(p) {
      const total = p.total ?? 0;
      const b = bar(`task:${p.stage}`, taskLabel(p), total > 0 ? total : Math.max(1, p.done));
      // The bar shows the share of bytes; beside it, the rows they held.
      const count = p.unit === 'bytes' ? `${formatCount(p.rows)} rows` : taskCount(p);
      b.update(total > 0 ? p.done : 0, { count, extra: '' });
    },
    run(p) {
      const phases = [...p.phases].sort((a, b) => PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase));
      for (const phase of phases) {
        if (phase.state === 'pending' || phase.state === 'skipped') continue;
        // A phase done with nothing to do (members read while planning, nothing to remove) shows full.
        const total = phase.state === 'done' ? Math.max(1, phase.total) : phase.total;
        const b = bar(`run:${phase.phase}`, phaseLabel(phase.phase), total);
        const current = phase.phase === p.phase;
        const extra = current && phase.state === 'active'
          ? `${formatCount(Math.round(p.ratePerSecond))}/s${p.etaSeconds !== null ? `, ~${formatDuration(p.etaSeconds)} left` : ''}`
          : phase.state === 'done' ? 'done' : '';
        b.update(phase.state === 'done' ? total : phase.done, { count: `${formatCount(phase.done)}/${formatCount(phase.total)}`, extra });
      }
    },
    note: (text) => multi.log(`${text}\n`),
    complete() {
      for (const b of bars.values()) b.update(b.getTotal());
    },
    stop: () => multi.stop(),
  };
}
