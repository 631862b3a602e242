/** "What happened to this person?": every run that touched an email, phone or external id. */
import { useState } from 'react';
import { ErrorBox } from '../../components/ui/error-box';
import { formatDateTime } from '../../lib/format';
import { FATE_LABELS } from '../../lib/runs';
import { useHistory } from '../../stores/history-store';
import { useNav } from '../../stores/nav-store';

const MATCHED_AS = { email: 'an email address', phone: 'a phone number', externalId: 'an external id' } as const;

export function PersonSearch() {
  const person = useHistory((s) => s.person);
  const loading = useHistory((s) => s.personLoading);
  const error = useHistory((s) => s.personError);
  const findPerson = useHistory((s) => s.findPerson);
  const clearPerson = useHistory((s) => s.clearPerson);
  const go = useNav((s) => s.go);
  const [query, setQuery] = useState(useHistory.getState().personQuery);

  return (
    <section className="card person-search" aria-labelledby="person-title">
      <h2 id="person-title">Find a person</h2>
      <form
        className="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim()) void findPerson(query.trim());
        }}
      >
        <label htmlFor="person-query" className="visually-hidden">Email, phone number or external id</label>
        <input id="person-query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Email, phone number or external id" maxLength={320} />
        <button type="submit" disabled={!query.trim() || loading}>{loading ? 'Searching…' : 'Search all runs'}</button>
        {person ? <button type="button" className="link-button" onClick={() => { clearPerson(); setQuery(''); }}>Clear</button> : null}
      </form>
      {error ? <ErrorBox error={error} /> : null}
      <div aria-live="polite">
        {person ? (
          person.events.length === 0 ? <p className="muted">No run mentions “{person.query}” (read as {MATCHED_AS[person.matchedAs]}).</p> : (
            <table className="data-table compact">
              <caption>“{person.query}”, read as {MATCHED_AS[person.matchedAs]}: {person.events.length} {person.events.length === 1 ? 'run' : 'runs'}</caption>
              <thead>
                <tr><th scope="col">When</th><th scope="col">List</th><th scope="col">What happened</th><th scope="col" className="num">Line</th><th scope="col">Why</th><th scope="col"><span className="visually-hidden">Open</span></th></tr>
              </thead>
              <tbody>
                {person.events.map((e) => (
                  <tr key={`${e.runId}-${e.line ?? 'm'}`}>
                    <td>{formatDateTime(e.at)}</td>
                    <td>{e.listName ?? '–'}</td>
                    <td><span className={`fate fate-${e.fate}`}>{FATE_LABELS[e.fate]}</span></td>
                    <td className="num">{e.line ?? '–'}</td>
                    <td>{e.reason ?? ''}</td>
                    <td><button type="button" className="link-button" onClick={() => go({ name: 'run', runId: e.runId })}>Open run</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : null}
      </div>
    </section>
  );
}
