/** Which screen is showing: a small typed screen state instead of a router. */
import { create } from 'zustand';

export type Screen =
  | { name: 'sync' }
  | { name: 'export' }
  | { name: 'history' }
  | { name: 'run'; runId: string }
  | { name: 'accounts' }
  | { name: 'settings' }
  | { name: 'alerts' }
  | { name: 'alert'; runId: string };

export type NavSection = 'sync' | 'export' | 'history' | 'accounts' | 'settings' | 'alerts';

/** The navigation entry a screen belongs to (a run's detail lives under History). */
export function sectionOf(screen: Screen): NavSection {
  switch (screen.name) {
    case 'run': return 'history';
    case 'alert': return 'alerts';
    default: return screen.name;
  }
}

interface NavState {
  screen: Screen;
  go(screen: Screen): void;
}

export const useNav = create<NavState>()((set) => ({
  screen: { name: 'sync' },
  go: (screen) => set({ screen }),
}));
