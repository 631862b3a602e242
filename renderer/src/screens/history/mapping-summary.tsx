/** The mapping a run used, column by column. */
import type { Mapping } from '../../../../shared/mapping';
import { describeTarget } from '../../lib/targets';

export function MappingSummary({ mapping }: { mapping: Mapping }) {
  const used = mapping.columns.filter((c) => c.target.kind !== 'ignore');
  const ignored = mapping.columns.length - used.length;
  return (
    <section className="card" aria-labelledby="mapping-title">
      <h2 id="mapping-title">Mapping</h2>
      <table className="data-table compact">
        <caption className="visually-hidden">Columns and what they became</caption>
        <thead><tr><th scope="col">Column</th><th scope="col">Became</th></tr></thead>
        <tbody>
          {used.map((c) => (
            <tr key={c.index}><th scope="row">{c.header}</th><td>{describeTarget(c.target)}</td></tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">
        {ignored > 0 ? `${ignored} ${ignored === 1 ? 'column' : 'columns'} ignored. ` : ''}Phone numbers without a country code read as {mapping.defaultRegion}.
      </p>
    </section>
  );
}
