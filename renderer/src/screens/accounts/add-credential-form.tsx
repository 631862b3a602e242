/**
 * Adding a Klaviyo private key: name, description, key. The key is checked with Klaviyo on save; the
 * form then shows the account it belongs to and any missing scope. The key is never shown again.
 */
import { useState } from 'react';
import { AddCredentialSchema, type Credential } from '../../../../shared/credentials';
import type { AppErrorData } from '../../../../shared/errors';
import { ErrorBox } from '../../components/ui/error-box';
import { Field } from '../../components/ui/field';
import { HelpLink, KLAVIYO_API_KEYS_PAGE } from '../../components/ui/help-link';
import { Notice } from '../../components/ui/notice';
import { errorData } from '../../lib/errors';
import { useSession } from '../../stores/session-store';
import { ScopeList } from './scope-list';

type FieldErrors = Partial<Record<'name' | 'description' | 'apiKey', string>>;

interface AddCredentialFormProps {
  onDone(credential: Credential): void;
  onCancel?: () => void;
  doneLabel?: string;
}

export function AddCredentialForm({ onDone, onCancel, doneLabel = 'Done' }: AddCredentialFormProps) {
  const add = useSession((s) => s.add);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [added, setAdded] = useState<Credential | null>(null);

  const submit = async () => {
    const parsed = AddCredentialSchema.safeParse({ name, description, apiKey });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if ((key === 'name' || key === 'description' || key === 'apiKey') && !errors[key]) errors[key] = issue.message;
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    setError(null);
    setChecking(true);
    try {
      const credential = await add(parsed.data);
      setAdded(credential);
      setApiKey('');
    } catch (e) {
      setError(errorData(e));
    } finally {
      setChecking(false);
    }
  };

  if (added) {
    return (
      <div className="stack">
        <Notice tone={added.missingScopes.length > 0 ? 'warning' : 'success'} live title={`Connected to ${added.accountName}`}>
          <p>“{added.name}” is saved. Its key is kept in your computer’s keychain and shows only as {added.maskedKey}.</p>
          {added.missingScopes.length > 0 ? (
            <>
              <p>This key is missing scopes a sync needs. Create a key with full access to lists and profiles in Klaviyo, then replace this one.</p>
              <ScopeList scopes={added.missingScopes} />
            </>
          ) : null}
        </Notice>
        <div className="button-row end">
          <button type="button" className="primary" onClick={() => onDone(added)} data-autofocus>{doneLabel}</button>
        </div>
      </div>
    );
  }

  return (
    <form
      className="stack"
      aria-busy={checking}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Field label="Name" hint="How you will recognise this account here, e.g. “Main store”." error={fieldErrors.name}>
        {({ id, describedBy, invalid }) => (
          <input id={id} aria-describedby={describedBy} aria-invalid={invalid} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoComplete="off" data-autofocus />
        )}
      </Field>
      <Field label="Description (optional)" error={fieldErrors.description}>
        {({ id, describedBy, invalid }) => (
          <input id={id} aria-describedby={describedBy} aria-invalid={invalid} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} autoComplete="off" />
        )}
      </Field>
      <Field
        label="Private API key"
        hint={(
          <>
            In Klaviyo: Settings → API keys → Create Private API Key, with full access to Lists and Profiles. It starts with pk_.{' '}
            <HelpLink url={KLAVIYO_API_KEYS_PAGE}>Open the API keys page</HelpLink>
          </>
        )}
        error={fieldErrors.apiKey}
      >
        {({ id, describedBy, invalid }) => (
          <input id={id} type="password" aria-describedby={describedBy} aria-invalid={invalid} value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoComplete="off" spellCheck={false} />
        )}
      </Field>
      <div role="status" aria-live="polite" className="status-line">{checking ? 'Checking with Klaviyo…' : ''}</div>
      {error ? <ErrorBox error={error} /> : null}
      <div className="button-row end">
        {onCancel ? <button type="button" onClick={onCancel}>Cancel</button> : null}
        <button type="submit" className="primary" disabled={checking}>{checking ? 'Checking…' : 'Save and check'}</button>
      </div>
    </form>
  );
}
