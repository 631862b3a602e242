/** Accounts: the Klaviyo private keys the app can use, and adding the first one. */
import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/ui/empty-state';
import { Modal } from '../../components/ui/modal';
import { Skeleton } from '../../components/ui/skeleton';
import { useNav } from '../../stores/nav-store';
import { useSession } from '../../stores/session-store';
import { AddCredentialForm } from './add-credential-form';
import { CredentialCard } from './credential-card';

export function AccountsScreen() {
  const credentials = useSession((s) => s.credentials);
  const activeId = useSession((s) => s.activeId);
  const loaded = useSession((s) => s.loaded);
  const go = useNav((s) => s.go);
  const [adding, setAdding] = useState(false);
  // The first-run panel stays up after the key is saved, so its "connected to…" result can be read.
  const [welcome, setWelcome] = useState(false);
  useEffect(() => {
    if (loaded && credentials.length === 0) setWelcome(true);
  }, [loaded, credentials.length]);

  return (
    <section className="screen" aria-labelledby="accounts-title">
      <div className="screen-head">
        <h1 id="accounts-title">Accounts</h1>
        {credentials.length > 0 ? <button type="button" className="primary" onClick={() => setAdding(true)}>Add an account</button> : null}
      </div>
      {!loaded ? <Skeleton lines={4} label="Loading accounts" /> : null}
      {welcome ? (
        <EmptyState title="Add your Klaviyo private API key to start">
          <p>The app uses a private key to read your lists and add people to them. It stays in your computer’s keychain and is never shown again.</p>
          <div className="card narrow">
            <AddCredentialForm
              doneLabel="Start a sync"
              onDone={() => {
                setWelcome(false);
                go({ name: 'sync' });
              }}
            />
          </div>
        </EmptyState>
      ) : null}
      <div className="card-list">
        {welcome ? null : credentials.map((c) => <CredentialCard key={c.id} credential={c} active={c.id === activeId} />)}
      </div>
      {adding ? (
        <Modal title="Add a Klaviyo account" onClose={() => setAdding(false)}>
          <AddCredentialForm onDone={() => setAdding(false)} onCancel={() => setAdding(false)} />
        </Modal>
      ) : null}
    </section>
  );
}
