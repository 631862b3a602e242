/** A labelled progress bar; with no share it shows an indeterminate stripe. */
import { useId } from 'react';
import { formatPercent } from '../../lib/format';

interface ProgressBarProps {
  label: string;
  /** 0..1, or null when the total is unknown. */
  share: number | null;
  detail?: string;
  tone?: 'normal' | 'done' | 'paused' | 'muted';
}

export function ProgressBar({ label, share, detail, tone = 'normal' }: ProgressBarProps) {
  const labelId = useId();
  const clamped = share === null ? null : Math.max(0, Math.min(1, share));
  return (
    <div className={`progress progress-${tone}`}>
      <div className="progress-text">
        <span id={labelId} className="progress-label">{label}</span>
        <span className="progress-detail">
          {detail}
          {clamped !== null ? <span className="progress-pct">{formatPercent(clamped)}</span> : null}
        </span>
      </div>
      <div
        className={`progress-track${clamped === null ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={clamped === null ? undefined : Math.round(clamped * 100)}
        aria-valuetext={clamped === null ? detail || 'Working…' : `${formatPercent(clamped)}${detail ? `, ${detail}` : ''}`}
      >
        <div className="progress-fill" style={{ width: clamped === null ? undefined : `${clamped * 100}%` }} />
      </div>
    </div>
  );
}
