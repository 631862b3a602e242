/** Existing lists of the account, searchable, as one radio group. */
import { useId } from 'react';
import { ErrorBox } from '../../components/ui/error-box';
import { Skeleton } from '../../components/ui/skeleton';
import { formatCount, formatDate } from '../../lib/format';
import type { ListsOverviewState } from './use-lists-overview';

interface ListPickerProps {
  lists: ListsOverviewState;
  search: string;
  onSearch(text: string): void;
  selectedId: string | null;
  onSelect(list: { id: string; name: string }): void;
}

export function ListPicker({ lists, search, onSearch, selectedId, onSelect }: ListPickerProps) {
  const searchId = useId();
  const { overview, loading, error } = lists;
  const items = overview?.lists ?? [];
  return (
    <div className="list-picker">
      <div className="field">
        <label htmlFor={searchId}>Search your lists</label>
        <input id={searchId} type="search" value={search} onChange={(e) => onSearch(e.target.value)} placeholder="List name" autoComplete="off" />
      </div>
      {error ? (
        <ErrorBox error={error} title="Your lists could not be read">
          <button type="button" onClick={lists.retry}>Try again</button>
        </ErrorBox>
      ) : null}
      <div className="list-options" aria-busy={loading} role="radiogroup" aria-label="Existing lists">
        {loading && !overview ? <Skeleton lines={5} label="Loading your lists" /> : null}
        {overview && items.length === 0 ? (
          <p className="muted">{lists.search ? `No list matches “${lists.search}”.` : 'This account has no lists yet: name a new one.'}</p>
        ) : null}
        {items.map((list) => (
          <label key={list.id} className={`list-option${selectedId === list.id ? ' selected' : ''}`}>
            <input
              type="radio"
              name="existing-list"
              value={list.id}
              checked={selectedId === list.id}
              onChange={() => onSelect({ id: list.id, name: list.name })}
            />
            <span className="list-name">{list.name}</span>
            <span className="muted small">
              {list.profileCount !== null ? `${formatCount(list.profileCount)} profiles · ` : ''}
              updated {formatDate(list.updated ?? list.created)}
            </span>
          </label>
        ))}
      </div>
    </div>
  );
}
