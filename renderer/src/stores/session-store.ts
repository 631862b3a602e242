/** The app's facts and the Klaviyo credentials, with the one the person is working with. */
import { create } from 'zustand';
import { api } from '../../api';
import type { AppInfo } from '../../../shared/api';
import type { Credential, CredentialCheck } from '../../../shared/credentials';
import type { AppErrorData } from '../../../shared/errors';
import { errorData } from '../lib/errors';

const ACTIVE_KEY = 'audience-sync.active-credential';

function rememberActive(id: string | null): void {
  try {
    if (id) localStorage.setItem(ACTIVE_KEY, id);
    else localStorage.removeItem(ACTIVE_KEY);
  } catch {
    // Storage can be unavailable (private mode, a locked profile): the choice then lasts this session.
  }
}

function recalledActive(): string | null {
  try {
    return localStorage.getItem(ACTIVE_KEY);
  } catch {
    return null;
  }
}

/** The remembered credential if it still exists, else the first one. */
function pickActive(credentials: Credential[], wanted: string | null): string | null {
  if (wanted && credentials.some((c) => c.id === wanted)) return wanted;
  return credentials[0]?.id ?? null;
}

interface SessionState {
  appInfo: AppInfo | null;
  credentials: Credential[];
  loaded: boolean;
  loadError: AppErrorData | null;
  activeId: string | null;
  /** Last check per credential, from testCredential, for this session. */
  checks: Record<string, CredentialCheck>;
  load(): Promise<void>;
  setActive(id: string): void;
  add(input: { name: string; description: string; apiKey: string }): Promise<Credential>;
  test(id: string): Promise<CredentialCheck>;
  rename(id: string, name: string, description: string): Promise<Credential>;
  replaceKey(id: string, apiKey: string): Promise<Credential>;
  remove(id: string): Promise<void>;
}

export const useSession = create<SessionState>()((set, get) => {
  const replace = (credential: Credential) => set((s) => ({
    credentials: s.credentials.map((c) => (c.id === credential.id ? credential : c)),
  }));
  return {
    appInfo: null,
    credentials: [],
    loaded: false,
    loadError: null,
    activeId: null,
    checks: {},
    async load() {
      try {
        const [appInfo, credentials] = await Promise.all([api.getAppInfo(), api.listCredentials()]);
        const activeId = pickActive(credentials, get().activeId ?? recalledActive());
        set({ appInfo, credentials, activeId, loaded: true, loadError: null });
      } catch (error) {
        set({ loaded: true, loadError: errorData(error) });
      }
    },
    setActive(id) {
      rememberActive(id);
      set({ activeId: id });
    },
    async add(input) {
      const credential = await api.addCredential(input);
      set((s) => ({ credentials: [...s.credentials, credential] }));
      // The first key becomes the one in use; later ones wait until chosen.
      if (!get().activeId) get().setActive(credential.id);
      return credential;
    },
    async test(id) {
      const check = await api.testCredential({ id });
      set((s) => ({
        checks: { ...s.checks, [id]: check },
        credentials: s.credentials.map((c) => (c.id === id
          ? { ...c, accountName: check.accountName || c.accountName, missingScopes: check.missingScopes, lastCheckedAt: check.checkedAt }
          : c)),
      }));
      return check;
    },
    async rename(id, name, description) {
      const credential = await api.renameCredential({ id, name, description });
      replace(credential);
      return credential;
    },
    async replaceKey(id, apiKey) {
      const credential = await api.replaceCredentialKey({ id, apiKey });
      replace(credential);
      set((s) => {
        const checks = { ...s.checks };
        delete checks[id];
        return { checks };
      });
      return credential;
    },
    async remove(id) {
      await api.removeCredential({ id });
      const credentials = get().credentials.filter((c) => c.id !== id);
      const activeId = pickActive(credentials, get().activeId === id ? null : get().activeId);
      rememberActive(activeId);
      set({ credentials, activeId });
    },
  };
});

/** The credential in use, or null before any key is added. */
export function useActiveCredential(): Credential | null {
  return useSession((s) => s.credentials.find((c) => c.id === s.activeId) ?? null);
}
