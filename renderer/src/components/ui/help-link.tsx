/** A link to an allow-listed Klaviyo page, opened in the person's browser (never inside the app). */
import { useState, type ReactNode } from 'react';
import { shell } from '../../../api';

export const KLAVIYO_API_KEYS_PAGE = 'https://www.klaviyo.com/settings/account/api-keys';

export function HelpLink({ url, children }: { url: string; children: ReactNode }) {
  const [failed, setFailed] = useState(false);
  return (
    <>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setFailed(false);
          shell.openHelp(url).catch(() => setFailed(true));
        }}
      >
        {children} <span aria-hidden="true">↗</span><span className="visually-hidden"> (opens in your browser)</span>
      </button>
      {failed ? <span className="field-error" role="alert"> The page could not be opened: {url}</span> : null}
    </>
  );
}
