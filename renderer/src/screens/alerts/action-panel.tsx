/**
 * What happened to a stopped run, the steps to fix it, the fix itself where the app can offer one,
 * and Resolve (resume, or run again).
 */
import { useState } from 'react';
import type { RunSummary } from '../../../../shared/sync';
import { ErrorBox } from '../../components/ui/error-box';
import { HelpLink } from '../../components/ui/help-link';
import { useNow } from '../../lib/hooks';
import { FixAddScope } from './fix-add-scope';
import { FixRemoveLists } from './fix-remove-lists';
import { FixReplaceKey } from './fix-replace-key';
import { FixWaitUntil, waitIsOver } from './fix-wait-until';
import { useResolve } from './use-resolve';

export function ActionPanel({ run, headingLevel = 3, title }: { run: RunSummary; headingLevel?: 2 | 3; title?: string }) {
  const action = run.action;
  const { resolve, busy, error, means } = useResolve(run);
  const [fixed, setFixed] = useState(false);
  const now = useNow(1000);
  if (!action) return null;

  const waiting = action.kind === 'wait_until' && !waitIsOver(action.resumeAfter, now);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const resolveLabel = means === 'resume' ? 'Resolve: resume the sync' : 'Resolve: run the sync again';
  return (
    <section className={`action-panel action-${action.kind}`} aria-label={action.title}>
      <Heading className="action-title">{title ?? action.title}</Heading>
      <p>{action.message}</p>
      {action.steps.length > 0 ? (
        <>
          <p className="small muted">To fix it:</p>
          <ol className="steps">{action.steps.map((step) => <li key={step}>{step}</li>)}</ol>
        </>
      ) : null}
      <div className="action-fix">
        {action.kind === 'replace_key' ? <FixReplaceKey run={run} onFixed={() => setFixed(true)} /> : null}
        {action.kind === 'add_scope' ? <FixAddScope run={run} scopes={action.scopes ?? []} onFixed={() => setFixed(true)} /> : null}
        {action.kind === 'remove_lists' ? <FixRemoveLists run={run} listCount={action.listCount} listCap={action.listCap} /> : null}
        {action.kind === 'wait_until' ? <FixWaitUntil resumeAfter={action.resumeAfter} /> : null}
      </div>
      <div className="button-row">
        <button
          type="button"
          className={fixed || action.kind !== 'replace_key' ? 'primary' : ''}
          aria-disabled={waiting || busy}
          onClick={() => {
            if (!waiting && !busy) void resolve();
          }}
        >
          {busy ? 'Working…' : resolveLabel}
        </button>
        {action.helpUrl ? <HelpLink url={action.helpUrl}>Open Klaviyo’s help page</HelpLink> : null}
      </div>
      {waiting ? <p className="small muted">Resolve becomes available when the limit resets.</p> : null}
      {error ? <ErrorBox error={error} title="That did not work" /> : null}
    </section>
  );
}
