/** Step 2: every column with its suggestion, its target and a live check of what it becomes. */
import { useEffect, useId } from 'react';
import type { AudienceStore } from '../../stores/audience-store';
import { mappingKey } from '../../stores/audience-store';
import { ErrorBox } from '../../components/ui/error-box';
import { Notice } from '../../components/ui/notice';
import { mapBlockers } from '../../lib/steps';
import { MappingRow } from './mapping-row';
import { RegionPicker } from './region-picker';
import { SampleCounts } from './sample-counts';

const PREVIEW_DELAY_MS = 300;

export function MapStep({ useAudience, onBack, onNext, nextLabel }: { useAudience: AudienceStore; onBack(): void; onNext(): void; nextLabel: string }) {
  const inspect = useAudience((s) => s.inspect);
  const mapping = useAudience((s) => s.mapping);
  const preview = useAudience((s) => s.preview);
  const previewKey = useAudience((s) => s.previewKey);
  const previewing = useAudience((s) => s.previewing);
  const previewError = useAudience((s) => s.previewError);
  const setTarget = useAudience((s) => s.setTarget);
  const setDefaultRegion = useAudience((s) => s.setDefaultRegion);
  const resetMapping = useAudience((s) => s.resetMapping);
  const refreshPreview = useAudience((s) => s.refreshPreview);
  const regionId = useId();
  const blockersId = useId();

  const key = mappingKey(mapping);
  // Edits are previewed once they settle, so typing a property name does not send a call per key.
  useEffect(() => {
    if (!key) return undefined;
    const timer = setTimeout(() => void refreshPreview(), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key, refreshPreview]);

  if (!inspect || !mapping) {
    return <div className="step-body"><Notice tone="info"><p>Load a file first.</p></Notice></div>;
  }
  const current = previewKey === key;
  const blockers = mapBlockers(mapping, current ? preview?.problems ?? [] : []);
  const usesPhone = mapping.columns.some((c) => c.target.kind === 'phone');

  return (
    <div className="step-body">
      <div className="row-between wrap">
        <p className="muted">Check what each column becomes. Klaviyo needs at least one of Email, PhoneNumber or ExternalID.</p>
        <button type="button" onClick={resetMapping}>Reset to suggestions</button>
      </div>
      <div className="field inline-field">
        <label htmlFor={regionId}>Country for phone numbers without a country code</label>
        <RegionPicker id={regionId} value={mapping.defaultRegion} onChange={setDefaultRegion} />
        {!usesPhone ? <span className="muted small">No column is mapped to PhoneNumber.</span> : null}
      </div>
      <div className="preview-status" role="status" aria-live="polite">
        {previewing || !current ? 'Checking the sample…' : preview ? <SampleCounts preview={preview} /> : ''}
      </div>
      {previewError && current ? <ErrorBox error={previewError} title="The mapping could not be checked" /> : null}
      <div className="table-scroll" role="region" aria-label="Column mapping" tabIndex={0}>
        <table className="data-table mapping-table">
          <thead>
            <tr>
              <th scope="col">Column and samples</th>
              <th scope="col">Suggested</th>
              <th scope="col">Maps to</th>
              <th scope="col">Check</th>
            </tr>
          </thead>
          <tbody>
            {inspect.columns.map((column) => {
              const mapped = mapping.columns.find((c) => c.index === column.index);
              if (!mapped) return null;
              return (
                <MappingRow
                  key={column.index}
                  column={column}
                  fix={inspect.headerFixes.find((f) => f.index === column.index)}
                  target={mapped.target}
                  preview={preview?.columns.find((p) => p.index === column.index)}
                  stale={!current}
                  onChange={(target) => setTarget(column.index, target)}
                />
              );
            })}
          </tbody>
        </table>
      </div>
      {blockers.length > 0 ? (
        <div id={blockersId} className="notice notice-warning" role="alert">
          <p className="notice-title">Fix the mapping to continue</p>
          <ul>{blockers.map((b) => <li key={b}>{b}</li>)}</ul>
        </div>
      ) : null}
      <div className="step-actions">
        <button type="button" onClick={onBack}>Back</button>
        <button
          type="button"
          className="primary"
          aria-disabled={blockers.length > 0}
          aria-describedby={blockers.length > 0 ? blockersId : undefined}
          onClick={() => {
            if (blockers.length === 0) onNext();
          }}
        >
          {nextLabel}
        </button>
      </div>
    </div>
  );
}
