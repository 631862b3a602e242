/** An error as a marketer should read it: the message, and the steps when the app knows them. */
import type { AppErrorData } from '../../../../shared/errors';
import type { ReactNode } from 'react';

interface ErrorBoxProps {
  error: AppErrorData;
  title?: string;
  children?: ReactNode;
}

export function ErrorBox({ error, title, children }: ErrorBoxProps) {
  const steps = error.action?.steps ?? [];
  return (
    <div className="notice notice-danger" role="alert">
      {title ? <p className="notice-title">{title}</p> : null}
      <p>{error.message}</p>
      {steps.length > 0 ? (
        <ol className="steps">{steps.map((step) => <li key={step}>{step}</li>)}</ol>
      ) : null}
      {children}
    </div>
  );
}
