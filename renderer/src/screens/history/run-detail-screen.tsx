/** One run from History: counts, timing, mapping, every line's fate, the list's size over time, the log. */
import { useEffect, useState } from 'react';
import { api } from '../../../api';
import type { AppErrorData } from '../../../../shared/errors';
import type { RunDetail } from '../../../../shared/history';
import { CountTiles } from '../../components/ui/count-tiles';
import { ErrorBox } from '../../components/ui/error-box';
import { Notice } from '../../components/ui/notice';
import { Skeleton } from '../../components/ui/skeleton';
import { errorData } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { ROWS_PAGE_SIZE } from '../../lib/row-pages';
import { isDryRun, isFinished } from '../../lib/runs';
import { useNav } from '../../stores/nav-store';
import { useRuns } from '../../stores/runs-store';
import { RunLive } from '../runs/run-live';
import { RunLogExport } from '../runs/run-log-export';
import { ListSizeChart } from './list-size-chart';
import { MappingSummary } from './mapping-summary';
import { RowFatesTable } from './row-fates-table';
import { RunTiming } from './run-timing';
import { StatusBadge } from './runs-table';

const MODE_WORDS = { add: 'Add', mirror: 'Mirror' } as const;
const CONTENT_WORDS = { identifiers: 'Identifiers only', full: 'Full profile' } as const;

export function RunDetailScreen({ runId }: { runId: string }) {
  const [detail, setDetail] = useState<RunDetail | null>(null);
  // The first page of lines is asked for together with the run, not after it: one round trip less
  // before the table shows. A failure here is ignored (the table asks again and reports it).
  const [firstPage] = useState(() => {
    const page = api.listRunRows({ runId, offset: 0, limit: ROWS_PAGE_SIZE });
    page.catch(() => undefined);
    return page;
  });
  const [error, setError] = useState<AppErrorData | null>(null);
  const liveStatus = useRuns((s) => s.runs[runId]?.status);
  const go = useNav((s) => s.go);

  // Re-read when the live status changes, so a run finishing while open shows its final numbers.
  useEffect(() => {
    let current = true;
    api.getRun({ runId }).then((d) => {
      if (current) {
        setDetail(d);
        setError(null);
      }
    }).catch((e: unknown) => {
      if (current) setError(errorData(e));
    });
    return () => {
      current = false;
    };
  }, [runId, liveStatus]);

  const back = <button type="button" className="link-button" onClick={() => go({ name: 'history' })}>← History</button>;
  if (error && !detail) {
    return <section className="screen" aria-label="Run">{back}<ErrorBox error={error} title="This run could not be opened" /></section>;
  }
  if (!detail) {
    return <section className="screen" aria-label="Run">{back}<Skeleton lines={10} label="Loading the run" /></section>;
  }
  const c = detail.counts;
  const title = detail.kind === 'export' ? `SFTP export of ${detail.file.name}` : `Sync to “${detail.list?.name ?? 'a list'}”`;
  const status = liveStatus ?? detail.status;
  const dryRun = isDryRun({ status });
  return (
    <section className="screen" aria-labelledby="run-title">
      <div className="screen-head">
        <div>
          {back}
          <h1 id="run-title">{title} <StatusBadge status={status} /></h1>
          <p className="muted">
            {detail.file.name} ({formatBytes(detail.file.sizeBytes)})
            {detail.credential ? ` · ${detail.credential.name}` : ''}{detail.account ? ` (${detail.account.name})` : ''}
            {detail.mode ? ` · ${MODE_WORDS[detail.mode]}` : ''}{detail.content ? ` · ${CONTENT_WORDS[detail.content]}` : ''}
          </p>
        </div>
        <RunLogExport run={detail} label="Export the log as CSV…" />
      </div>
      {(!isFinished(status) && status !== 'planned') || (status === 'failed' && detail.action) ? <RunLive runId={runId} /> : null}
      {detail.lastError && status !== 'completed' && !detail.action ? <ErrorBox error={detail.lastError} title="What went wrong" /> : null}
      {dryRun ? (
        <Notice tone="info">
          <p>A dry run: this sync was planned and reviewed but never started, so nothing was sent to Klaviyo. Plan it again to see what it would change in the list today, and to run it.</p>
        </Notice>
      ) : null}
      <CountTiles
        label="Counts"
        tiles={[
          { label: 'Lines in the file', value: c.total },
          // A dry run sent nothing: what a run settles when it sends would read as zeros (or all pending).
          ...(dryRun ? [] : [
            { label: 'Added', value: c.added, tone: 'add' as const },
            { label: 'Updated', value: c.updated, tone: 'update' as const },
            { label: 'Removed', value: c.removed, tone: 'remove' as const },
            { label: 'Unchanged', value: c.unchanged },
          ]),
          { label: 'Rejected', value: c.rejected, tone: c.rejected > 0 ? 'warn' : 'neutral' },
          { label: 'Duplicates', value: c.duplicates },
          ...(c.failed > 0 ? [{ label: 'Failed', value: c.failed, tone: 'danger' as const }] : []),
          ...(c.pending > 0 && !dryRun ? [{ label: 'Pending', value: c.pending }] : []),
        ]}
      />
      <div className="two-columns">
        <RunTiming run={detail} />
        {detail.mapping ? <MappingSummary mapping={detail.mapping} /> : null}
      </div>
      {detail.rowsPurged
        ? <Notice tone="info"><p>Line-by-line detail of this run was removed by the retention setting; the counts above are kept.</p></Notice>
        : <RowFatesTable runId={runId} counts={c} firstPage={firstPage} />}
      {detail.list?.id ? (
        <section className="card" aria-label="List size over time">
          <ListSizeChart listId={detail.list.id} />
        </section>
      ) : null}
    </section>
  );
}
