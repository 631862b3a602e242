/** Big numbers with their labels: the counts of a plan or a run. */
import { formatCount } from '../../lib/format';

export interface CountTile {
  label: string;
  value: number;
  tone?: 'add' | 'update' | 'remove' | 'neutral' | 'warn' | 'danger';
  hint?: string;
}

export function CountTiles({ tiles, label }: { tiles: CountTile[]; label: string }) {
  return (
    <dl className="count-tiles" aria-label={label}>
      {tiles.map((tile) => (
        <div key={tile.label} className={`count-tile tone-${tile.tone ?? 'neutral'}`}>
          <dt>{tile.label}</dt>
          <dd>
            <span className="count-value">{formatCount(tile.value)}</span>
            {tile.hint ? <span className="count-hint">{tile.hint}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
