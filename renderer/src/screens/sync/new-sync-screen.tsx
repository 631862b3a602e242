/** New sync: Load → Map → List → Review → Run → Done, with a step bar and state kept across visits. */
import { useMemo } from 'react';
import { EmptyState } from '../../components/ui/empty-state';
import { StepBar } from '../../components/ui/step-bar';
import type { PlanInputs } from '../../lib/plan';
import { reachableSteps, STEP_LABELS, SYNC_STEPS } from '../../lib/steps';
import { useNav } from '../../stores/nav-store';
import { useActiveCredential, useSession } from '../../stores/session-store';
import { toListTarget, useSyncAudience, useSyncFlow } from '../../stores/sync-flow-store';
import { LoadStep } from '../load/load-step';
import { MapStep } from '../map/map-step';
import { DoneStep } from './done-step';
import { ListStep } from './list-step';
import { ReviewStep } from './review-step';
import { RunStep } from './run-step';

export function NewSyncScreen() {
  const step = useSyncFlow((s) => s.step);
  const goTo = useSyncFlow((s) => s.goTo);
  const runId = useSyncFlow((s) => s.runId);
  const reset = useSyncFlow((s) => s.reset);
  const listChoice = useSyncFlow((s) => s.listChoice);
  const mode = useSyncFlow((s) => s.mode);
  const content = useSyncFlow((s) => s.content);
  const path = useSyncAudience((s) => s.path);
  const mapping = useSyncAudience((s) => s.mapping);
  const credential = useActiveCredential();
  const loaded = useSession((s) => s.loaded);
  const go = useNav((s) => s.go);

  const credentialId = credential?.id ?? null;
  const inputs = useMemo<PlanInputs | null>(() => {
    if (!credentialId || !path || !mapping || !listChoice) return null;
    return { credentialId, path, mapping, list: toListTarget(listChoice), mode, content };
  }, [credentialId, path, mapping, listChoice, mode, content]);

  const locked = runId !== null;
  const title = (
    <div className="screen-head">
      <h1 id="sync-title">New sync</h1>
      {step !== 'load' && !locked ? <button type="button" className="link-button" onClick={reset}>Start over</button> : null}
      {/* The run goes on without this screen (History and the sidebar keep track of it). */}
      {step === 'run' && locked ? <button type="button" className="link-button" onClick={reset}>Start another sync</button> : null}
    </div>
  );

  if (loaded && !credential && !locked) {
    return (
      <section className="screen" aria-labelledby="sync-title">
        {title}
        <EmptyState
          title="Add your Klaviyo private API key to start"
          action={<button type="button" className="primary" onClick={() => go({ name: 'accounts' })}>Add a key</button>}
        >
          <p>A sync sends the people in a CSV file to a Klaviyo list. The app needs a private API key to reach your account.</p>
          <p className="muted">Past syncs are in History, and Export for SFTP works without a key.</p>
        </EmptyState>
      </section>
    );
  }

  return (
    <section className="screen" aria-labelledby="sync-title">
      {title}
      <StepBar label="Sync steps" steps={SYNC_STEPS} labels={STEP_LABELS} current={step} reachable={reachableSteps(SYNC_STEPS, step, locked)} onGo={goTo} />
      <h2 className="visually-hidden">{STEP_LABELS[step]}</h2>
      {step === 'load' ? <LoadStep useAudience={useSyncAudience} onNext={() => goTo('map')} /> : null}
      {step === 'map' ? <MapStep useAudience={useSyncAudience} onBack={() => goTo('load')} onNext={() => goTo('list')} nextLabel="Next: choose the list" /> : null}
      {step === 'list' && credentialId ? <ListStep credentialId={credentialId} onBack={() => goTo('map')} onNext={() => goTo('review')} /> : null}
      {step === 'review' && inputs ? <ReviewStep inputs={inputs} onBack={() => goTo('list')} /> : null}
      {step === 'review' && !inputs ? <EmptyState title="Something is missing" action={<button type="button" onClick={() => goTo('list')}>Back to the list</button>} /> : null}
      {step === 'run' && runId ? <RunStep runId={runId} /> : null}
      {step === 'done' && runId ? <DoneStep runId={runId} onAnother={reset} /> : null}
    </section>
  );
}
