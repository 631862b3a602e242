/**
 * Progress in a log (stderr is not a terminal): plain lines a person reads afterwards. Each stage of a
 * task and each phase of a run gets a line while it lasts (every `everyMs`, so a long one shows it is
 * moving) and a last line where it ended. Printing a step the moment it starts would fill a log with
 * "0 rows" and "0/166" lines that say nothing, since short steps end well within a second.
 */
import type { PhaseProgress, RunPhase, TaskProgress } from '../../shared/sync';
import type { ProgressView } from './progress-view';
import { phaseLabel, renderProgressLine, taskCount, taskLabel } from './sync-format';
import { formatCount } from './text-table';

/** Phases a run inherits from its plan, done before it starts. */
const PLAN_PHASES: ReadonlySet<RunPhase> = new Set(['prepare', 'read_members']);

interface Step {
  /** The step's line as of its latest event. */
  text: string;
  printed: string | null;
  /** When it started, or when it was last printed. */
  since: number;
}

function taskLine(p: TaskProgress): string {
  return `${taskLabel(p)}: ${taskCount(p)}`;
}

function phaseEndLine(phase: PhaseProgress): string {
  const label = phaseLabel(phase.phase);
  return phase.total > 0 ? `${label}: ${formatCount(phase.done)}/${formatCount(phase.total)}, done` : `${label}: done`;
}

export function createLogProgress(write: (line: string) => void, everyMs: number, now: () => number = Date.now): ProgressView {
  // Insertion order is the order steps started in: the closing lines come out in that order.
  const open = new Map<string, Step>();
  /** Run phases seen done or skipped: never printed again (every event repeats the finished ones). */
  const closed = new Set<string>();

  const print = (step: Step, at: number) => {
    write(step.text);
    step.printed = step.text;
    step.since = at;
  };
  const update = (key: string, text: string) => {
    const at = now();
    const step = open.get(key);
    if (!step) {
      open.set(key, { text, printed: null, since: at });
      return;
    }
    step.text = text;
    if (at - step.since >= everyMs && step.printed !== text) print(step, at);
  };
  const end = (key: string, text?: string) => {
    const step = open.get(key) ?? { text: text ?? '', printed: null, since: now() };
    if (text !== undefined) step.text = text;
    if (step.printed !== step.text && step.text !== '') print(step, now());
    open.delete(key);
  };
  const endAll = () => {
    for (const key of [...open.keys()]) end(key);
  };

  return {
    // A task's stages can overlap (the list's members are read while the file is), and the rows of a
    // file read to its last byte are still being counted: each stage's last line waits for the end.
    task: (p) => update(`task:${p.stage}`, taskLine(p)),
    run(p) {
      for (const phase of p.phases) {
        const key = `run:${phase.phase}`;
        if (closed.has(key)) continue;
        if (phase.state === 'active') {
          update(key, phase.phase === p.phase ? renderProgressLine(p) : `${phaseLabel(phase.phase)} ${formatCount(phase.done)}/${formatCount(phase.total)}`);
          continue;
        }
        if (phase.state === 'pending') continue;
        // A short phase can be done by the first event; the plan's own phases were reported by the plan.
        if (phase.state === 'done' && (open.has(key) || !PLAN_PHASES.has(phase.phase))) end(key, phaseEndLine(phase));
        else open.delete(key);
        closed.add(key);
      }
    },
    note: (text) => write(text),
    complete: endAll,
    stop: endAll,
  };
}
