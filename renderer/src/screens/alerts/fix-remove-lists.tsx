/** The account is at Klaviyo's list cap: show how full it is and re-count after cleaning up. */
import { useState } from 'react';
import { api } from '../../../api';
import type { AppErrorData } from '../../../../shared/errors';
import type { RunSummary } from '../../../../shared/sync';
import { ErrorBox } from '../../components/ui/error-box';
import { HelpLink } from '../../components/ui/help-link';
import { errorData } from '../../lib/errors';
import { capStatus, type CapStatus } from '../../lib/lists';

/** Klaviyo's Lists & Segments page (www.klaviyo.com is allow-listed for help links). */
const KLAVIYO_LISTS_PAGE = 'https://www.klaviyo.com/lists';

export function FixRemoveLists({ run, listCount, listCap }: { run: RunSummary; listCount: number | undefined; listCap: number | undefined }) {
  const [cap, setCap] = useState<CapStatus | null>(
    listCount !== undefined ? capStatus({ listCount, segmentCount: 0, cap: listCap ?? 1000 }) : null,
  );
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const recount = async () => {
    setChecking(true);
    setError(null);
    try {
      const overview = await api.listLists(run.credential?.id ? { credentialId: run.credential.id } : {});
      setCap(capStatus(overview));
    } catch (e) {
      setError(errorData(e));
    } finally {
      setChecking(false);
    }
  };

  return (
    <div className="stack">
      {cap ? (
        <div className={`cap cap-${cap.level}`}>
          <meter min={0} max={cap.cap} value={cap.used} low={cap.cap * 0.8} high={cap.cap * 0.95} optimum={0} aria-label="Lists and segments used" />
          <span role="status" aria-live="polite">{cap.text}</span>
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" onClick={() => void recount()} disabled={checking}>{checking ? 'Counting…' : 'Count again'}</button>
        <HelpLink url={KLAVIYO_LISTS_PAGE}>Open your lists and segments in Klaviyo</HelpLink>
      </div>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}
