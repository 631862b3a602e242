/** The key lacks scopes: name them, let the person fix the key in Klaviyo and test it again. */
import { useState } from 'react';
import type { AppErrorData } from '../../../../shared/errors';
import type { RunSummary } from '../../../../shared/sync';
import { ErrorBox } from '../../components/ui/error-box';
import { Modal } from '../../components/ui/modal';
import { errorData } from '../../lib/errors';
import { useSession } from '../../stores/session-store';
import { ReplaceKeyForm } from '../accounts/replace-key-form';
import { ScopeList } from '../accounts/scope-list';

export function FixAddScope({ run, scopes, onFixed }: { run: RunSummary; scopes: string[]; onFixed(): void }) {
  const test = useSession((s) => s.test);
  const credential = useSession((s) => s.credentials.find((c) => c.id === run.credential?.id) ?? null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [replacing, setReplacing] = useState(false);

  const check = async () => {
    if (!credential) return;
    setError(null);
    setStatus('Checking with Klaviyo…');
    try {
      const result = await test(credential.id);
      if (result.missingScopes.length === 0) {
        setStatus('The key now has every scope a sync needs.');
        onFixed();
      } else {
        setStatus(`Still missing: ${result.missingScopes.join(', ')}.`);
      }
    } catch (e) {
      setStatus('');
      setError(errorData(e));
    }
  };

  return (
    <div className="stack">
      <ScopeList scopes={scopes} />
      {credential ? (
        <div className="button-row">
          <button type="button" onClick={() => void check()}>Test the key again</button>
          <button type="button" onClick={() => setReplacing(true)}>Use a new key…</button>
        </div>
      ) : null}
      <p role="status" aria-live="polite" className="status-line">{status}</p>
      {error ? <ErrorBox error={error} /> : null}
      {replacing && credential ? (
        <Modal title="Replace the key" onClose={() => setReplacing(false)}>
          <ReplaceKeyForm
            credentialId={credential.id}
            credentialName={credential.name}
            onReplaced={(c) => {
              setReplacing(false);
              setStatus(c.missingScopes.length === 0 ? 'The new key has every scope a sync needs.' : `The new key is still missing: ${c.missingScopes.join(', ')}.`);
              if (c.missingScopes.length === 0) onFixed();
            }}
            onCancel={() => setReplacing(false)}
          />
        </Modal>
      ) : null}
    </div>
  );
}
