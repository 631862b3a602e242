/** Every run that stopped on something a person can fix, newest first. */
import { useEffect } from 'react';
import { EmptyState } from '../../components/ui/empty-state';
import { ErrorBox } from '../../components/ui/error-box';
import { Skeleton } from '../../components/ui/skeleton';
import { formatDateTime } from '../../lib/format';
import { useAlerts } from '../../stores/alerts-store';
import { useNav } from '../../stores/nav-store';

export function AlertsScreen() {
  const alerts = useAlerts((s) => s.alerts);
  const loaded = useAlerts((s) => s.loaded);
  const loadError = useAlerts((s) => s.loadError);
  const load = useAlerts((s) => s.load);
  const go = useNav((s) => s.go);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="screen" aria-labelledby="alerts-title">
      <div className="screen-head"><h1 id="alerts-title">Alerts</h1></div>
      {loadError ? <ErrorBox error={loadError} /> : null}
      {!loaded ? <Skeleton lines={3} label="Loading alerts" /> : null}
      {loaded && alerts.length === 0 && !loadError ? (
        <EmptyState title="Nothing needs your attention">
          <p>When a sync stops on something you can fix (a refused key, a full account, a daily limit), it shows up here with the steps to resolve it.</p>
        </EmptyState>
      ) : null}
      <ul className="alert-list" aria-live="polite">
        {alerts.map((alert) => (
          <li key={alert.runId}>
            <button type="button" className="alert-item" onClick={() => go({ name: 'alert', runId: alert.runId })}>
              <span className="alert-title">{alert.run.action?.title ?? alert.run.lastError?.message ?? 'A sync stopped'}</span>
              <span className="muted small">
                {alert.listName ? `“${alert.listName}” · ` : ''}{alert.run.file.name} · {formatDateTime(alert.createdAt)}
              </span>
              <span className="alert-message">{alert.run.action?.message ?? ''}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
