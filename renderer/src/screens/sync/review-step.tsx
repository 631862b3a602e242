/** Step 4: what the sync will do, before anything is sent to Klaviyo. */
import { useEffect } from 'react';
import type { Plan } from '../../../../shared/sync';
import { CountTiles } from '../../components/ui/count-tiles';
import { ErrorBox } from '../../components/ui/error-box';
import { Notice } from '../../components/ui/notice';
import { ProgressBar } from '../../components/ui/progress-bar';
import { formatCount, plural } from '../../lib/format';
import { massRemovalConfirmed, planHasWork, type PlanInputs } from '../../lib/plan';
import { describeTask } from '../../lib/runs';
import { useSyncFlow } from '../../stores/sync-flow-store';
import { useTaskProgress } from '../../stores/tasks-store';
import { EstimateTable } from './estimate-table';
import { MassRemovalConfirm } from './mass-removal-confirm';
import { PlanSamples } from './plan-samples';
import { RejectsDownload } from './rejects-download';

function ListLine({ plan }: { plan: Plan }) {
  if (plan.list.willCreate) return <p>The list “<strong>{plan.list.name}</strong>” will be created.</p>;
  const source = plan.memberSource === 'snapshot'
    ? 'from the last sync (Klaviyo confirmed nothing changed since)'
    : plan.memberSource === 'klaviyo' ? 'read from Klaviyo just now' : '';
  return (
    <p>
      “<strong>{plan.list.name}</strong>” has {plural(plan.list.memberCount, 'member')}
      {source ? <span className="muted"> ({source})</span> : null}. Mode: <strong>{plan.mode === 'mirror' ? 'Mirror' : 'Add'}</strong>,
      sending <strong>{plan.content === 'full' ? 'full profiles' : 'identifiers only'}</strong>.
    </p>
  );
}

export function ReviewStep({ inputs, onBack }: { inputs: PlanInputs; onBack(): void }) {
  const plan = useSyncFlow((s) => s.plan);
  const planError = useSyncFlow((s) => s.planError);
  const planTaskId = useSyncFlow((s) => s.planTaskId);
  const makePlan = useSyncFlow((s) => s.makePlan);
  const cancelPlan = useSyncFlow((s) => s.cancelPlan);
  const confirmation = useSyncFlow((s) => s.confirmation);
  const setConfirmation = useSyncFlow((s) => s.setConfirmation);
  const start = useSyncFlow((s) => s.start);
  const starting = useSyncFlow((s) => s.starting);
  const startError = useSyncFlow((s) => s.startError);
  const progress = useTaskProgress(planTaskId);

  // Plans when the inputs are new; the store keeps a plan whose inputs did not change.
  useEffect(() => {
    void makePlan(inputs);
  }, [inputs, makePlan]);

  if (planTaskId) {
    const task = progress ? describeTask(progress) : null;
    return (
      <div className="step-body" aria-busy="true">
        <h2 className="step-title">Working out what will change…</h2>
        <ProgressBar label={task?.label ?? 'Reading the file'} share={task?.share ?? null} detail={task?.detail} />
        <p className="muted">Nothing is sent to Klaviyo until you start the sync.</p>
        <div className="step-actions">
          <button type="button" onClick={() => { void cancelPlan(); onBack(); }}>Cancel and go back</button>
          <span />
        </div>
      </div>
    );
  }

  if (!plan) {
    return (
      <div className="step-body">
        {planError ? <ErrorBox error={planError} title="The sync could not be planned" /> : <Notice tone="info"><p>Planning was cancelled.</p></Notice>}
        <div className="step-actions">
          <button type="button" onClick={onBack}>Back</button>
          <button type="button" className="primary" onClick={() => void makePlan(inputs, true)}>Try again</button>
        </div>
      </div>
    );
  }

  const confirmed = massRemovalConfirmed(plan, confirmation);
  const hasWork = planHasWork(plan);
  return (
    <div className="step-body">
      <ListLine plan={plan} />
      <CountTiles
        label="What the sync will do"
        tiles={[
          { label: 'Add to the list', value: plan.counts.add, tone: 'add' },
          { label: 'Update', value: plan.counts.update, tone: 'update' },
          { label: 'Remove from the list', value: plan.counts.remove, tone: 'remove' },
          { label: 'Unchanged', value: plan.counts.unchanged },
          { label: 'Rejected lines', value: plan.counts.rejected, tone: plan.counts.rejected > 0 ? 'warn' : 'neutral' },
          { label: 'Duplicates merged', value: plan.counts.duplicates },
        ]}
      />
      {plan.listCaps ? (
        <p className="muted">
          The account has {formatCount(plan.listCaps.listsAndSegments)} of {formatCount(plan.listCaps.cap)} lists and segments;
          {' '}{formatCount(plan.listCaps.createdToday)} of {formatCount(plan.listCaps.dailyCap)} lists created today.
        </p>
      ) : null}
      {plan.warnings.length > 0 ? (
        <Notice tone="warning" title="Worth a look"><ul>{plan.warnings.map((w) => <li key={w}>{w}</li>)}</ul></Notice>
      ) : null}
      <RejectsDownload path={inputs.path} mapping={inputs.mapping} rejected={plan.counts.rejected} />
      <PlanSamples plan={plan} />
      <EstimateTable estimate={plan.estimate} />
      {plan.massRemoval.confirmationRequired ? <MassRemovalConfirm plan={plan} confirmation={confirmation} onChange={setConfirmation} /> : null}
      {!hasWork ? <Notice tone="info"><p>The list already matches the file: starting the sync only records it in History.</p></Notice> : null}
      {startError ? <ErrorBox error={startError} title="The sync could not start" /> : null}
      <div className="step-actions">
        <button type="button" onClick={onBack}>Back</button>
        <div className="button-row">
          <button type="button" onClick={() => void makePlan(inputs, true)} title="Read the list and the file again">Plan again</button>
          <button
            type="button"
            className="primary"
            aria-disabled={!confirmed || starting}
            onClick={() => {
              if (confirmed && !starting) void start();
            }}
          >
            {starting ? 'Starting…' : 'Start sync'}
          </button>
        </div>
      </div>
      {!confirmed ? <p className="muted small end">Confirm the removals above to start.</p> : null}
    </div>
  );
}
