/** Export for SFTP: load and map a file like a sync, then write Klaviyo's SFTP-ready CSV. No key needed. */
import { StepBar } from '../../components/ui/step-bar';
import { EXPORT_STEPS, reachableSteps, STEP_LABELS } from '../../lib/steps';
import { useExportAudience, useExportFlow } from '../../stores/export-flow-store';
import { LoadStep } from '../load/load-step';
import { MapStep } from '../map/map-step';
import { ExportStep } from './export-step';

export function ExportScreen() {
  const step = useExportFlow((s) => s.step);
  const goTo = useExportFlow((s) => s.goTo);
  const reset = useExportFlow((s) => s.reset);
  const busy = useExportFlow((s) => s.taskId !== null);
  return (
    <section className="screen" aria-labelledby="export-title">
      <div className="screen-head">
        <div>
          <h1 id="export-title">Export for SFTP</h1>
          <p className="muted">For very large lists: write a CSV in the format Klaviyo’s SFTP import expects (Email, PhoneNumber, ExternalID), plus the rejected lines.</p>
        </div>
        {step !== 'load' && !busy ? <button type="button" className="link-button" onClick={reset}>Start over</button> : null}
      </div>
      <StepBar label="Export steps" steps={EXPORT_STEPS} labels={STEP_LABELS} current={step} reachable={reachableSteps(EXPORT_STEPS, step, busy)} onGo={goTo} />
      <h2 className="visually-hidden">{STEP_LABELS[step]}</h2>
      {step === 'load' ? <LoadStep useAudience={useExportAudience} onNext={() => goTo('map')} /> : null}
      {step === 'map' ? <MapStep useAudience={useExportAudience} onBack={() => goTo('load')} onNext={() => goTo('export')} nextLabel="Next: export" /> : null}
      {step === 'export' ? <ExportStep onBack={() => goTo('map')} onAnother={reset} /> : null}
    </section>
  );
}
