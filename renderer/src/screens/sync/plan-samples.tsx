/** Samples of each category of a plan, behind tabs (arrow keys move between them). */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Plan, PersonRef } from '../../../../shared/sync';
import { formatCount } from '../../lib/format';

type Category = 'add' | 'update' | 'remove' | 'unchanged' | 'rejected';
const CATEGORIES: Array<{ key: Category; label: string }> = [
  { key: 'add', label: 'Adds' },
  { key: 'update', label: 'Updates' },
  { key: 'remove', label: 'Removes' },
  { key: 'unchanged', label: 'Unchanged' },
  { key: 'rejected', label: 'Rejected' },
];

function PeopleTable({ people, caption }: { people: PersonRef[]; caption: string }) {
  if (people.length === 0) return <p className="muted">Nobody in this group.</p>;
  return (
    <table className="data-table compact">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr><th scope="col" className="num">Line</th><th scope="col">Email</th><th scope="col">Phone</th><th scope="col">External ID</th></tr>
      </thead>
      <tbody>
        {people.map((p, i) => (
          <tr key={`${p.line ?? 'm'}-${p.profileId ?? i}`}>
            <td className="num">{p.line ?? <span className="muted">list</span>}</td>
            <td>{p.email ?? '–'}</td>
            <td>{p.phone ?? '–'}</td>
            <td>{p.externalId ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PlanSamples({ plan }: { plan: Plan }) {
  const [tab, setTab] = useState<Category>('add');
  const id = useId();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const counts: Record<Category, number> = {
    add: plan.counts.add, update: plan.counts.update, remove: plan.counts.remove,
    unchanged: plan.counts.unchanged, rejected: plan.counts.rejected,
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = CATEGORIES.findIndex((c) => c.key === tab);
    let next: number;
    if (event.key === 'ArrowRight') next = (at + 1) % CATEGORIES.length;
    else if (event.key === 'ArrowLeft') next = (at - 1 + CATEGORIES.length) % CATEGORIES.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = CATEGORIES.length - 1;
    else return;
    event.preventDefault();
    const category = CATEGORIES[next];
    if (category) {
      setTab(category.key);
      tabs.current[next]?.focus();
    }
  };

  return (
    <section className="plan-samples" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Samples</h3>
      <div role="tablist" aria-label="Sample groups" className="tabs" onKeyDown={onKey}>
        {CATEGORIES.map((c, i) => (
          <button
            key={c.key}
            ref={(el) => { tabs.current[i] = el; }}
            type="button"
            role="tab"
            id={`${id}-tab-${c.key}`}
            aria-selected={tab === c.key}
            aria-controls={`${id}-panel`}
            tabIndex={tab === c.key ? 0 : -1}
            onClick={() => setTab(c.key)}
          >
            {c.label} <span className="tab-count">{formatCount(counts[c.key])}</span>
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`} className="tab-panel" tabIndex={0}>
        {tab === 'rejected' ? (
          plan.samples.rejected.length === 0 ? <p className="muted">No line was rejected.</p> : (
            <table className="data-table compact">
              <caption className="visually-hidden">Rejected lines</caption>
              <thead><tr><th scope="col" className="num">Line</th><th scope="col">Why</th><th scope="col">Values</th></tr></thead>
              <tbody>
                {plan.samples.rejected.map((r) => (
                  <tr key={r.line}>
                    <td className="num">{r.line}</td>
                    <td>{r.message}</td>
                    <td className="muted ellipsis">{r.values.join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : <PeopleTable people={plan.samples[tab]} caption={`${CATEGORIES.find((c) => c.key === tab)?.label ?? ''} sample`} />}
      </div>
    </section>
  );
}
