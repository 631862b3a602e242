/** The strip above every screen: product name, the account in use, the alerts bell. */
import { AccountSwitcher } from './account-switcher';
import { AlertsBell } from './alerts-bell';

export function TopBar() {
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">◆</span>
        <span>Audience Sync <span className="muted">for Klaviyo</span></span>
      </div>
      <div className="top-bar-end">
        <AccountSwitcher />
        <AlertsBell />
      </div>
    </header>
  );
}
