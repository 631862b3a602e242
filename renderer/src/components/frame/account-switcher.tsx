/** Which Klaviyo account the app works with, by credential name and account name. */
import { useNav } from '../../stores/nav-store';
import { useSession } from '../../stores/session-store';

export function AccountSwitcher() {
  const credentials = useSession((s) => s.credentials);
  const activeId = useSession((s) => s.activeId);
  const setActive = useSession((s) => s.setActive);
  const loaded = useSession((s) => s.loaded);
  const go = useNav((s) => s.go);

  if (!loaded) return <div className="account-switcher" aria-hidden="true" />;
  if (credentials.length === 0) {
    return (
      <div className="account-switcher">
        <button type="button" className="link-button" onClick={() => go({ name: 'accounts' })}>Add a Klaviyo key</button>
      </div>
    );
  }
  return (
    <div className="account-switcher">
      <label htmlFor="active-credential" className="muted">Klaviyo account</label>
      <select id="active-credential" value={activeId ?? ''} onChange={(e) => setActive(e.target.value)}>
        {credentials.map((c) => (
          <option key={c.id} value={c.id}>{c.name} — {c.accountName || 'account not checked yet'}</option>
        ))}
      </select>
    </div>
  );
}
