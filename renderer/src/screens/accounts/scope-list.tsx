/** Missing key scopes, each with what it blocks. */
import { explainScopes } from '../../lib/scopes';

export function ScopeList({ scopes }: { scopes: readonly string[] }) {
  if (scopes.length === 0) return null;
  return (
    <ul className="scope-list">
      {explainScopes(scopes).map(({ scope, blocks }) => (
        <li key={scope}><code>{scope}</code> — {blocks}</li>
      ))}
    </ul>
  );
}
