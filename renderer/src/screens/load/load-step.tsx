/** Step 1: bring in a CSV and see at once what the app made of it. */
import type { AudienceStore } from '../../stores/audience-store';
import { ErrorBox } from '../../components/ui/error-box';
import { Skeleton } from '../../components/ui/skeleton';
import { DropZone } from './drop-zone';
import { FileSummary } from './file-summary';
import { PreviewTable } from './preview-table';

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function LoadStep({ useAudience, onNext }: { useAudience: AudienceStore; onNext(): void }) {
  const path = useAudience((s) => s.path);
  const inspecting = useAudience((s) => s.inspecting);
  const inspect = useAudience((s) => s.inspect);
  const error = useAudience((s) => s.inspectError);
  const loadFile = useAudience((s) => s.loadFile);

  return (
    <div className="step-body">
      {!path || (error && !inspecting) ? <DropZone onPath={(p) => void loadFile(p)} /> : null}
      {error && !inspecting ? <ErrorBox error={error} title={path ? `“${baseName(path)}” could not be read` : undefined} /> : null}
      {inspecting && path ? (
        <div className="stack" aria-busy="true">
          <p role="status" className="status-line">Reading “{baseName(path)}”…</p>
          <Skeleton lines={8} label="Reading the file" />
        </div>
      ) : null}
      {inspect && !inspecting ? (
        <div className="stack">
          <div className="row-between">
            <FileSummary inspect={inspect} />
            <DropZone compact onPath={(p) => void loadFile(p)} />
          </div>
          <PreviewTable headers={inspect.headers} rows={inspect.preview} />
        </div>
      ) : null}
      <div className="step-actions">
        <span />
        <button type="button" className="primary" disabled={!inspect || inspecting} onClick={onNext}>Next: map columns</button>
      </div>
    </div>
  );
}
