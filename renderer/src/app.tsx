/** The app frame: top bar, navigation, the resume offer, and the current screen. */
import { useEffect, useRef } from 'react';
import { AlertsScreen } from './screens/alerts/alerts-screen';
import { AlertDetailScreen } from './screens/alerts/alert-detail-screen';
import { AccountsScreen } from './screens/accounts/accounts-screen';
import { ExportScreen } from './screens/export/export-screen';
import { HistoryScreen } from './screens/history/history-screen';
import { RunDetailScreen } from './screens/history/run-detail-screen';
import { NewSyncScreen } from './screens/sync/new-sync-screen';
import { SettingsScreen } from './screens/settings/settings-screen';
import { ResumeBanner } from './components/frame/resume-banner';
import { Sidebar } from './components/frame/sidebar';
import { TopBar } from './components/frame/top-bar';
import { ErrorBox } from './components/ui/error-box';
import { useNav, type Screen } from './stores/nav-store';
import { useSession } from './stores/session-store';

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'sync': return <NewSyncScreen />;
    case 'export': return <ExportScreen />;
    case 'history': return <HistoryScreen />;
    case 'run': return <RunDetailScreen key={screen.runId} runId={screen.runId} />;
    case 'accounts': return <AccountsScreen />;
    case 'settings': return <SettingsScreen />;
    case 'alerts': return <AlertsScreen />;
    case 'alert': return <AlertDetailScreen key={screen.runId} runId={screen.runId} />;
  }
}

export function App() {
  const screen = useNav((s) => s.screen);
  const loadError = useSession((s) => s.loadError);
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // Moving to another screen moves focus to its content, so keyboard and screen-reader users land there.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo({ top: 0 });
    mainRef.current?.focus({ preventScroll: true });
  }, [screen]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">Skip to content</a>
      <TopBar />
      <Sidebar />
      <main id="main" ref={mainRef} tabIndex={-1} className="content">
        <ResumeBanner />
        {loadError ? <ErrorBox error={loadError} title="The app could not read its data" /> : null}
        <CurrentScreen screen={screen} />
      </main>
    </div>
  );
}
