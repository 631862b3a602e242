/**
 * Injected faults, consumed in arrival order by the requests they match: a 429 storm for a
 * while, the next N answered with a 5xx, the next N dropped (socket destroyed, no response,
 * before or after the request took effect), the next N delayed.
 */
import type { DropOptions, FailOptions, FailStatus, FaultMatch } from './types';

type Rule =
  | { kind: 'fail'; remaining: number; status: FailStatus; body: 'json' | 'html'; retryAfter?: number; match: FaultMatch }
  | { kind: 'drop'; remaining: number; phase: 'before' | 'after'; match: FaultMatch }
  | { kind: 'slow'; remaining: number; ms: number; match: FaultMatch }
  | { kind: 'storm'; until: number; match: FaultMatch };

export interface FaultDecision {
  /** Real ms the storm still lasts; the request is answered 429. */
  stormMs?: number;
  fail?: { status: FailStatus; body: 'json' | 'html'; retryAfter?: number };
  drop?: 'before' | 'after';
  slowMs: number;
}

function matches(match: FaultMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.pathPrefix && !path.startsWith(match.pathPrefix)) return false;
  return true;
}

function positive(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got ${n}`);
  return n;
}

export class Faults {
  private rules: Rule[] = [];

  failNext(n: number, status: FailStatus, options: FailOptions = {}): void {
    if (![500, 502, 503, 504].includes(status)) throw new Error(`failNext status must be 500, 502, 503 or 504, got ${status}`);
    const body = options.body ?? (status === 502 || status === 504 ? 'html' : 'json');
    const retryAfter = options.retryAfter === undefined ? undefined : positive(options.retryAfter, 'failNext retryAfter');
    this.rules.push({ kind: 'fail', remaining: positive(n, 'failNext count'), status, body, ...(retryAfter === undefined ? {} : { retryAfter }), match: options });
  }

  dropNext(n: number, options: DropOptions = {}): void {
    this.rules.push({ kind: 'drop', remaining: positive(n, 'dropNext count'), phase: options.phase ?? 'before', match: options });
  }

  slowNext(n: number, ms: number, options: FaultMatch = {}): void {
    this.rules.push({ kind: 'slow', remaining: positive(n, 'slowNext count'), ms: positive(ms, 'slowNext ms'), match: options });
  }

  throttleStorm(durationMs: number, now: number, options: FaultMatch = {}): void {
    this.rules.push({ kind: 'storm', until: now + positive(durationMs, 'throttleStorm duration'), match: options });
  }

  clear(): void {
    this.rules = [];
  }

  /** What happens to a request arriving now; consumes the counted rules it uses. */
  decide(method: string, path: string, now: number): FaultDecision {
    const decision: FaultDecision = { slowMs: 0 };
    for (const rule of this.rules) {
      if (rule.kind === 'storm' && now < rule.until && matches(rule.match, method, path)) {
        decision.stormMs = Math.max(decision.stormMs ?? 0, rule.until - now);
      }
    }
    for (const rule of this.rules) {
      if (rule.kind === 'storm' || rule.remaining <= 0 || !matches(rule.match, method, path)) continue;
      if (rule.kind === 'slow') {
        if (decision.slowMs > 0) continue;
        decision.slowMs = rule.ms;
        rule.remaining -= 1;
        continue;
      }
      // During a storm every request is a 429; counted failures wait for later requests.
      if (decision.stormMs !== undefined || decision.fail || decision.drop) continue;
      if (rule.kind === 'fail') decision.fail = { status: rule.status, body: rule.body, ...(rule.retryAfter === undefined ? {} : { retryAfter: rule.retryAfter }) };
      else decision.drop = rule.phase;
      rule.remaining -= 1;
    }
    this.rules = this.rules.filter((r) => (r.kind === 'storm' ? r.until > now : r.remaining > 0));
    return decision;
  }
}
