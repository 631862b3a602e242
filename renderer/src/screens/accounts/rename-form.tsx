/** Renaming a credential (and its description). */
import { useState } from 'react';
import { RenameCredentialSchema, type Credential } from '../../../../shared/credentials';
import type { AppErrorData } from '../../../../shared/errors';
import { ErrorBox } from '../../components/ui/error-box';
import { Field } from '../../components/ui/field';
import { errorData } from '../../lib/errors';
import { useSession } from '../../stores/session-store';

export function RenameForm({ credential, onDone, onCancel }: { credential: Credential; onDone(): void; onCancel(): void }) {
  const rename = useSession((s) => s.rename);
  const [name, setName] = useState(credential.name);
  const [description, setDescription] = useState(credential.description);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const submit = async () => {
    const parsed = RenameCredentialSchema.safeParse({ id: credential.id, name, description });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? 'Check the name.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await rename(credential.id, parsed.data.name, parsed.data.description ?? '');
      onDone();
    } catch (e) {
      setError(errorData(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="stack" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <Field label="Name" error={fieldError}>
        {({ id, describedBy, invalid }) => (
          <input id={id} aria-describedby={describedBy} aria-invalid={invalid} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} data-autofocus />
        )}
      </Field>
      <Field label="Description (optional)">
        {({ id, describedBy }) => (
          <input id={id} aria-describedby={describedBy} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
        )}
      </Field>
      {error ? <ErrorBox error={error} /> : null}
      <div className="button-row end">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary" disabled={saving}>Save</button>
      </div>
    </form>
  );
}
