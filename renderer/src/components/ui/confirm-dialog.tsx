/** "Are you sure?" with the consequence spelled out. Enter confirms, Escape cancels. */
import { useId, type ReactNode } from 'react';
import { Modal } from './modal';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  tone?: 'danger' | 'normal';
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, cancelLabel = 'Keep it', tone = 'normal', busy = false, onConfirm, onCancel }: ConfirmDialogProps) {
  const bodyId = useId();
  return (
    <Modal title={title} onClose={onCancel} describedBy={bodyId}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) onConfirm();
        }}
      >
        <div id={bodyId} className="confirm-body">{children}</div>
        <div className="button-row end">
          <button type="button" onClick={onCancel}>{cancelLabel}</button>
          <button type="submit" className={tone === 'danger' ? 'danger' : 'primary'} disabled={busy} data-autofocus>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
