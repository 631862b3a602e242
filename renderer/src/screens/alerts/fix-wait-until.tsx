/** A daily limit was reached: count down to when Klaviyo lets the run continue. */
import { formatCountdown, formatDateTime } from '../../lib/format';
import { useNow } from '../../lib/hooks';

export function waitIsOver(resumeAfter: string | undefined, nowMs: number): boolean {
  if (!resumeAfter) return true;
  const at = Date.parse(resumeAfter);
  return Number.isNaN(at) || at <= nowMs;
}

export function FixWaitUntil({ resumeAfter }: { resumeAfter: string | undefined }) {
  const now = useNow(1000);
  if (!resumeAfter) return null;
  const left = formatCountdown(resumeAfter, now);
  return (
    <p className="countdown" role="timer" aria-live="off">
      {left ? <>Klaviyo allows it again {left} <span className="muted">({formatDateTime(resumeAfter)})</span>.</> : 'The limit has reset: you can resolve now.'}
    </p>
  );
}
