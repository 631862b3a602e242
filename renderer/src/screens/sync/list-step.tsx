/** Step 3: which list, how (add or mirror) and what (identifiers or the full profile). */
import { useRef, useState } from 'react';
import type { ProfileContent, SyncMode } from '../../../../shared/sync';
import { Field } from '../../components/ui/field';
import { Notice } from '../../components/ui/notice';
import { capStatus, CONTENT_TEXT, listChoiceProblem, MODE_TEXT, sameListName } from '../../lib/lists';
import { useSyncFlow } from '../../stores/sync-flow-store';
import { ListPicker } from './list-picker';
import { useListsOverview } from './use-lists-overview';

export function ListStep({ credentialId, onBack, onNext }: { credentialId: string; onBack(): void; onNext(): void }) {
  const choice = useSyncFlow((s) => s.listChoice);
  const mode = useSyncFlow((s) => s.mode);
  const content = useSyncFlow((s) => s.content);
  const setChoice = useSyncFlow((s) => s.setListChoice);
  const setMode = useSyncFlow((s) => s.setMode);
  const setContent = useSyncFlow((s) => s.setContent);
  const [search, setSearch] = useState('');
  const lists = useListsOverview(credentialId, search);
  const overview = lists.overview;
  const [kind, setKind] = useState<'existing' | 'new'>(choice?.kind ?? 'existing');
  const draftName = useRef(choice?.kind === 'new' ? choice.name : '');
  const [tried, setTried] = useState(false);

  const cap = overview ? capStatus(overview) : null;
  // A new list waits for the account's count (the cap); if the count cannot be read, planning checks it.
  const counting = choice?.kind === 'new' && !overview && lists.loading;
  const problem = listChoiceProblem(choice, cap) ?? (counting ? 'Checking how many lists the account has…' : null);
  const clash = choice?.kind === 'new' && overview?.lists.find((l) => sameListName(l.name, choice.name));

  const pickKind = (next: 'existing' | 'new') => {
    setKind(next);
    if (next === 'new') setChoice({ kind: 'new', name: draftName.current });
    else if (choice?.kind === 'new') setChoice(null);
  };

  return (
    <div className="step-body">
      <fieldset className="choice-group">
        <legend>Which list?</legend>
        <div className="choice-cards two">
          <label className={`choice-card${kind === 'existing' ? ' selected' : ''}`}>
            <input type="radio" name="list-kind" checked={kind === 'existing'} onChange={() => pickKind('existing')} />
            <span className="choice-title">An existing list</span>
          </label>
          <label className={`choice-card${kind === 'new' ? ' selected' : ''}`}>
            <input type="radio" name="list-kind" checked={kind === 'new'} onChange={() => pickKind('new')} />
            <span className="choice-title">A new list</span>
          </label>
        </div>
        {cap ? (
          <div className={`cap cap-${cap.level}`}>
            <meter min={0} max={cap.cap} value={cap.used} low={cap.cap * 0.8} high={cap.cap * 0.95} optimum={0} aria-label="Lists and segments used" />
            <span>{cap.text}</span>
          </div>
        ) : <div className="cap cap-placeholder" aria-hidden="true" />}
        {kind === 'existing' ? (
          <ListPicker
            lists={lists}
            search={search}
            onSearch={setSearch}
            selectedId={choice?.kind === 'existing' ? choice.id : null}
            onSelect={(list) => setChoice({ kind: 'existing', ...list })}
          />
        ) : (
          <>
            <Field label="New list name" hint="The app creates the list when the sync starts." error={tried ? problem : null}>
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  value={choice?.kind === 'new' ? choice.name : ''}
                  maxLength={200}
                  onChange={(e) => {
                    draftName.current = e.target.value;
                    setChoice({ kind: 'new', name: e.target.value });
                  }}
                />
              )}
            </Field>
            {clash ? (
              <Notice tone="warning">
                <p>A list called “{clash.name}” already exists. Klaviyo allows two lists with one name, but you probably meant that one.</p>
                <button type="button" onClick={() => { setKind('existing'); setChoice({ kind: 'existing', id: clash.id, name: clash.name }); }}>
                  Use the existing “{clash.name}”
                </button>
              </Notice>
            ) : null}
          </>
        )}
      </fieldset>

      <fieldset className="choice-group">
        <legend>How should the list change?</legend>
        <div className="choice-cards two">
          {(['add', 'mirror'] as SyncMode[]).map((m) => (
            <label key={m} className={`choice-card${mode === m ? ' selected' : ''}`}>
              <input type="radio" name="sync-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              <span className="choice-title">{MODE_TEXT[m].title}</span>
              <span className="choice-body">{MODE_TEXT[m].body}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="choice-group">
        <legend>What should be sent?</legend>
        <div className="choice-cards two">
          {(['identifiers', 'full'] as ProfileContent[]).map((c) => (
            <label key={c} className={`choice-card${content === c ? ' selected' : ''}`}>
              <input type="radio" name="profile-content" value={c} checked={content === c} onChange={() => setContent(c)} />
              <span className="choice-title">{CONTENT_TEXT[c].title}</span>
              <span className="choice-body">{CONTENT_TEXT[c].body}</span>
            </label>
          ))}
        </div>
      </fieldset>

      {tried && problem && kind === 'existing' ? <p className="field-error" role="alert">{problem}</p> : null}
      <div className="step-actions">
        <button type="button" onClick={onBack}>Back</button>
        <button
          type="button"
          className="primary"
          aria-disabled={problem !== null}
          onClick={() => {
            setTried(true);
            if (!problem) onNext();
          }}
        >
          Next: review
        </button>
      </div>
    </div>
  );
}
