/** The left navigation: the five places a marketer goes, with a hint when a sync is running. */
import { Icon, type IconName } from '../ui/icon';
import { sectionOf, useNav, type NavSection, type Screen } from '../../stores/nav-store';
import { useRunningCount } from '../../stores/runs-store';

const ITEMS: Array<{ section: NavSection; label: string; screen: Screen; icon: IconName }> = [
  { section: 'sync', label: 'New sync', screen: { name: 'sync' }, icon: 'upload' },
  { section: 'export', label: 'Export for SFTP', screen: { name: 'export' }, icon: 'download' },
  { section: 'history', label: 'History', screen: { name: 'history' }, icon: 'clock' },
  { section: 'accounts', label: 'Accounts', screen: { name: 'accounts' }, icon: 'key' },
  { section: 'settings', label: 'Settings', screen: { name: 'settings' }, icon: 'sliders' },
];

export function Sidebar() {
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  const running = useRunningCount();
  const current = sectionOf(screen);
  return (
    <nav className="sidebar" aria-label="Main">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.section}>
            <button
              type="button"
              className="nav-item"
              aria-current={current === item.section ? 'page' : undefined}
              onClick={() => go(item.screen)}
            >
              <span className="nav-icon"><Icon name={item.icon} /></span>
              <span>{item.label}</span>
              {item.section === 'sync' && running > 0
                ? <span className="nav-badge" title="A sync is running">{running} running</span>
                : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
