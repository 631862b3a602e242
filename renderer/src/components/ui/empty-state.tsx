/** What an empty screen says: what is missing and the one thing to do about it. */
import { useId, type ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}

export function EmptyState({ title, children, action }: EmptyStateProps) {
  const id = useId();
  return (
    <section className="empty-state" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children ? <div className="empty-body">{children}</div> : null}
      {action ? <div className="button-row center">{action}</div> : null}
    </section>
  );
}
