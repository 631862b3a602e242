/** The key was refused: replace it right here, then Resolve resumes the run. */
import { useState } from 'react';
import type { RunSummary } from '../../../../shared/sync';
import { Notice } from '../../components/ui/notice';
import { useSession } from '../../stores/session-store';
import { ReplaceKeyForm } from '../accounts/replace-key-form';

export function FixReplaceKey({ run, onFixed }: { run: RunSummary; onFixed(): void }) {
  const credentialId = run.credential?.id ?? null;
  const credential = useSession((s) => s.credentials.find((c) => c.id === credentialId) ?? null);
  const [done, setDone] = useState<string | null>(null);

  if (!credential) {
    return <Notice tone="warning"><p>The account this sync used was removed. Add the key again on Accounts, then run the sync again.</p></Notice>;
  }
  if (done) return <Notice tone="success" live><p>{done} Now press Resolve to continue the sync.</p></Notice>;
  return (
    <ReplaceKeyForm
      credentialId={credential.id}
      credentialName={credential.name}
      submitLabel="Replace key"
      onReplaced={(c) => {
        setDone(`Key replaced: connected to ${c.accountName} (${c.maskedKey}).`);
        onFixed();
      }}
    />
  );
}
