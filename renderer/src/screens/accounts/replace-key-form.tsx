/** Replacing a credential's key (revoked, rotated, or missing scopes). Used on Accounts and in alerts. */
import { useState } from 'react';
import { ReplaceKeySchema, type Credential } from '../../../../shared/credentials';
import type { AppErrorData } from '../../../../shared/errors';
import { ErrorBox } from '../../components/ui/error-box';
import { Field } from '../../components/ui/field';
import { errorData } from '../../lib/errors';
import { useSession } from '../../stores/session-store';

interface ReplaceKeyFormProps {
  credentialId: string;
  credentialName: string;
  submitLabel?: string;
  onReplaced(credential: Credential): void;
  onCancel?: () => void;
}

export function ReplaceKeyForm({ credentialId, credentialName, submitLabel = 'Replace and check', onReplaced, onCancel }: ReplaceKeyFormProps) {
  const replaceKey = useSession((s) => s.replaceKey);
  const [apiKey, setApiKey] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const submit = async () => {
    const parsed = ReplaceKeySchema.safeParse({ id: credentialId, apiKey });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? 'Enter the new key.');
      return;
    }
    setFieldError(null);
    setError(null);
    setChecking(true);
    try {
      const credential = await replaceKey(credentialId, parsed.data.apiKey);
      setApiKey('');
      onReplaced(credential);
    } catch (e) {
      setError(errorData(e));
    } finally {
      setChecking(false);
    }
  };

  return (
    <form
      className="stack"
      aria-busy={checking}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Field label={`New private API key for “${credentialName}”`} hint="The old key is forgotten once the new one is checked." error={fieldError}>
        {({ id, describedBy, invalid }) => (
          <input id={id} type="password" aria-describedby={describedBy} aria-invalid={invalid} value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoComplete="off" spellCheck={false} data-autofocus />
        )}
      </Field>
      <div role="status" aria-live="polite" className="status-line">{checking ? 'Checking with Klaviyo…' : ''}</div>
      {error ? <ErrorBox error={error} /> : null}
      <div className="button-row end">
        {onCancel ? <button type="button" onClick={onCancel}>Cancel</button> : null}
        <button type="submit" className="primary" disabled={checking}>{checking ? 'Checking…' : submitLabel}</button>
      </div>
    </form>
  );
}
