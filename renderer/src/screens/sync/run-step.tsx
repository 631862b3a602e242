/** Step 5: the sync running. Leaving this screen does not stop it. */
import { Notice } from '../../components/ui/notice';
import { RunLive } from '../runs/run-live';

export function RunStep({ runId }: { runId: string }) {
  return (
    <div className="step-body">
      <RunLive runId={runId} />
      <Notice tone="info">
        <p>You can leave this screen, or close the app: the sync keeps its place and the app offers to resume when it opens again.</p>
      </Notice>
    </div>
  );
}
