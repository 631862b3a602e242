/** A boxed message: information, a warning, or something that went well. */
import type { ReactNode } from 'react';

interface NoticeProps {
  tone: 'info' | 'warning' | 'success' | 'danger';
  title?: string;
  children?: ReactNode;
  /** Announce it (status messages that appear after an action). */
  live?: boolean;
}

export function Notice({ tone, title, children, live = false }: NoticeProps) {
  return (
    <div className={`notice notice-${tone}`} role={live ? 'status' : undefined}>
      {title ? <p className="notice-title">{title}</p> : null}
      {children}
    </div>
  );
}
