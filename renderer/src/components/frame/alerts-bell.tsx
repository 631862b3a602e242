/** The bell: how many runs wait for a fix; opens the alerts. */
import { Icon } from '../ui/icon';
import { useAlerts } from '../../stores/alerts-store';
import { sectionOf, useNav } from '../../stores/nav-store';

export function AlertsBell() {
  const count = useAlerts((s) => s.count);
  const go = useNav((s) => s.go);
  const current = useNav((s) => sectionOf(s.screen) === 'alerts');
  const label = count === 0 ? 'Alerts, none' : `Alerts, ${count} to resolve`;
  return (
    <button
      type="button"
      className={`bell${count > 0 ? ' bell-active' : ''}`}
      aria-label={label}
      aria-current={current ? 'page' : undefined}
      onClick={() => go({ name: 'alerts' })}
    >
      <Icon name="bell" />
      <span className="bell-count" aria-hidden="true">{count > 0 ? count : ''}</span>
    </button>
  );
}
