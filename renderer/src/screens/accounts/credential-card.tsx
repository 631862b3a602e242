/** One credential: who it connects to, its masked key, and what can be done with it. */
import { useState } from 'react';
import type { Credential } from '../../../../shared/credentials';
import type { AppErrorData } from '../../../../shared/errors';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { ErrorBox } from '../../components/ui/error-box';
import { Modal } from '../../components/ui/modal';
import { Notice } from '../../components/ui/notice';
import { errorData } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../stores/session-store';
import { RenameForm } from './rename-form';
import { ReplaceKeyForm } from './replace-key-form';
import { ScopeList } from './scope-list';

type Dialog = 'rename' | 'replace' | 'remove' | null;

export function CredentialCard({ credential, active }: { credential: Credential; active: boolean }) {
  const test = useSession((s) => s.test);
  const remove = useSession((s) => s.remove);
  const setActive = useSession((s) => s.setActive);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [testing, setTesting] = useState(false);
  const [status, setStatus] = useState<string>('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [removing, setRemoving] = useState(false);

  const runTest = async () => {
    setTesting(true);
    setError(null);
    setStatus('Checking with Klaviyo…');
    try {
      const check = await test(credential.id);
      setStatus(check.ok && check.missingScopes.length === 0
        ? `The key works: connected to ${check.accountName}.`
        : `Connected to ${check.accountName}, but the key is missing scopes.`);
    } catch (e) {
      setStatus('');
      setError(errorData(e));
    } finally {
      setTesting(false);
    }
  };

  const headingId = `credential-${credential.id}`;
  return (
    <article className={`card credential-card${active ? ' card-active' : ''}`} aria-labelledby={headingId}>
      <div className="card-head">
        <div>
          <h3 id={headingId}>{credential.name}{active ? <span className="badge badge-info">In use</span> : null}</h3>
          {credential.description ? <p className="muted">{credential.description}</p> : null}
        </div>
        {!active ? <button type="button" onClick={() => setActive(credential.id)}>Use this account</button> : null}
      </div>
      <dl className="facts">
        <div><dt>Klaviyo account</dt><dd>{credential.accountName || '–'}</dd></div>
        <div><dt>Key</dt><dd><code>{credential.maskedKey}</code></dd></div>
        <div><dt>Last checked</dt><dd>{formatDateTime(credential.lastCheckedAt)}</dd></div>
        <div><dt>Added</dt><dd>{formatDateTime(credential.createdAt)}</dd></div>
      </dl>
      {credential.missingScopes.length > 0 ? (
        <Notice tone="warning" title="This key is missing scopes">
          <ScopeList scopes={credential.missingScopes} />
          <p>Create a new private key in Klaviyo with full access to Lists and Profiles, then use “Replace key”.</p>
        </Notice>
      ) : null}
      <p role="status" aria-live="polite" className="status-line">{status}</p>
      {error ? <ErrorBox error={error} /> : null}
      <div className="button-row">
        <button type="button" onClick={() => void runTest()} disabled={testing}>{testing ? 'Testing…' : 'Test'}</button>
        <button type="button" onClick={() => setDialog('rename')}>Rename</button>
        <button type="button" onClick={() => setDialog('replace')}>Replace key</button>
        <button type="button" className="danger-quiet" onClick={() => setDialog('remove')}>Remove</button>
      </div>

      {dialog === 'rename' ? (
        <Modal title={`Rename “${credential.name}”`} onClose={() => setDialog(null)}>
          <RenameForm credential={credential} onDone={() => setDialog(null)} onCancel={() => setDialog(null)} />
        </Modal>
      ) : null}
      {dialog === 'replace' ? (
        <Modal title="Replace the key" onClose={() => setDialog(null)}>
          <ReplaceKeyForm
            credentialId={credential.id}
            credentialName={credential.name}
            onReplaced={(c) => {
              setDialog(null);
              setStatus(`Key replaced: connected to ${c.accountName}. It shows as ${c.maskedKey}.`);
            }}
            onCancel={() => setDialog(null)}
          />
        </Modal>
      ) : null}
      {dialog === 'remove' ? (
        <ConfirmDialog
          title={`Remove “${credential.name}”?`}
          confirmLabel="Remove"
          tone="danger"
          busy={removing}
          onCancel={() => setDialog(null)}
          onConfirm={async () => {
            setRemoving(true);
            try {
              await remove(credential.id);
            } catch (e) {
              setError(errorData(e));
              setDialog(null);
            } finally {
              setRemoving(false);
            }
          }}
        >
          <p>The key is deleted from this computer’s keychain. Nothing changes in Klaviyo, and past syncs stay in History.</p>
        </ConfirmDialog>
      ) : null}
    </article>
  );
}
