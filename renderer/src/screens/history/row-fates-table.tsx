/**
 * Every line of a run and what became of it, virtualized: only the visible rows are in the page and
 * only the pages under them are fetched (throttled, least-recently-used cache), so a million rows
 * scroll as smoothly as a hundred.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { api } from '../../../api';
import type { AppErrorData } from '../../../../shared/errors';
import type { RowRecord, RowsPage } from '../../../../shared/history';
import { ROW_FATES, type RowFate, type RunCounts } from '../../../../shared/sync';
import { ErrorBox } from '../../components/ui/error-box';
import { errorData } from '../../lib/errors';
import { formatCount } from '../../lib/format';
import { useDebounced } from '../../lib/hooks';
import { LruCache, pagesForRange, rowWindow, ROWS_PAGE_SIZE } from '../../lib/row-pages';
import { FATE_LABELS, rowFateLabel } from '../../lib/runs';

const ROW_HEIGHT = 28;
const BODY_HEIGHT = 460;
const MAX_IN_FLIGHT = 3;
const FETCH_THROTTLE_MS = 60;
/** Rows passed between two renders that count as a fling, and how long it must calm down before fetching. */
const FLING_ROWS = 60;
const FLING_SETTLE_MS = 90;

const FATE_COUNT: Record<RowFate, keyof RunCounts> = {
  pending: 'pending', added: 'added', updated: 'updated', removed: 'removed', unchanged: 'unchanged',
  rejected: 'rejected', failed: 'failed', duplicate: 'duplicates',
};

function Row({ row }: { row: RowRecord | undefined }) {
  if (!row) {
    return (
      <>
        {Array.from({ length: 6 }, (_, i) => <div key={i} role="cell" className="cell"><span className="skeleton-line inline" /></div>)}
      </>
    );
  }
  const fate = rowFateLabel(row);
  const why = row.fate === 'duplicate' && row.duplicateOf !== null ? `Same person as line ${formatCount(row.duplicateOf)}` : row.reason ?? '';
  return (
    <>
      <div role="cell" className="cell num">{row.line !== null ? formatCount(row.line) : <span className="muted" title="A list member who was not in the file">list</span>}</div>
      <div role="cell" className="cell"><span className={`fate fate-${fate.tone}`}>{fate.text}</span></div>
      <div role="cell" className="cell ellipsis">{row.email ?? ''}</div>
      <div role="cell" className="cell ellipsis">{row.phone ?? ''}</div>
      <div role="cell" className="cell ellipsis">{row.externalId ?? ''}</div>
      <div role="cell" className="cell ellipsis" title={why}>{why}</div>
    </>
  );
}

interface RowFatesTableProps {
  runId: string;
  counts: RunCounts;
  /** The unfiltered first page, already asked for by the run's page alongside the run itself. */
  firstPage?: Promise<RowsPage> | null;
}

export function RowFatesTable({ runId, counts, firstPage = null }: RowFatesTableProps) {
  const [fate, setFate] = useState<RowFate | ''>('');
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 300);
  const queryKey = `${runId}|${fate}|${search}`;
  const [total, setTotal] = useState<number | null>(null);
  const [windowIndex, setWindowIndex] = useState(0);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [, setVersion] = useState(0);
  const cache = useRef(new LruCache<number, RowRecord[]>(60));
  const inFlight = useRef(new Set<number>());
  const keyRef = useRef(queryKey);
  const scrollRef = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const id = useId();

  const win = rowWindow(total ?? 0, windowIndex);
  const virtualizer = useVirtualizer({
    count: win.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const firstAbs = win.start + (items[0]?.index ?? 0);
  const lastAbs = win.start + (items[items.length - 1]?.index ?? 0);
  const range = useRef({ first: firstAbs, last: lastAbs });
  range.current = { first: firstAbs, last: lastAbs };

  const prefetched = useRef(firstPage);
  const fetchPage = useCallback(async (page: number) => {
    const key = keyRef.current;
    inFlight.current.add(page);
    try {
      // The prefetched first page answers once, for the unfiltered table only.
      const ask = () => api.listRunRows({
        runId, offset: page * ROWS_PAGE_SIZE, limit: ROWS_PAGE_SIZE,
        ...(fate ? { fate } : {}), ...(search ? { search } : {}),
      });
      const early = page === 0 && !fate && !search ? prefetched.current : null;
      prefetched.current = null;
      const result = await (early ? early.catch(ask) : ask());
      if (keyRef.current !== key) return;
      cache.current.set(page, result.rows);
      setTotal(result.total);
      setError(null);
    } catch (e) {
      if (keyRef.current === key) setError(errorData(e));
    } finally {
      if (keyRef.current === key) inFlight.current.delete(page);
      setVersion((v) => v + 1);
    }
  }, [runId, fate, search]);

  // A new filter or search starts from the top with an empty cache.
  useEffect(() => {
    keyRef.current = queryKey;
    cache.current.clear();
    inFlight.current.clear();
    setTotal(null);
    setWindowIndex(0);
    scrollRef.current?.scrollTo({ top: 0 });
    void fetchPage(0);
  }, [queryKey, fetchPage]);

  // Fetch what is visible, at most every FETCH_THROTTLE_MS, so dragging the scrollbar across a million
  // rows asks only for the pages it stops near.
  const fetchVisible = useCallback(() => {
    if (total === null) return;
    const { first, last } = range.current;
    for (const page of pagesForRange(first, last, total)) {
      if (inFlight.current.size >= MAX_IN_FLIGHT) break;
      if (!cache.current.has(page) && !inFlight.current.has(page)) void fetchPage(page);
    }
  }, [total, fetchPage]);

  const fetchVisibleRef = useRef(fetchVisible);
  fetchVisibleRef.current = fetchVisible;
  const lastFetch = useRef(0);
  const motion = useRef({ first: firstAbs, at: 0, big: false });
  useEffect(() => {
    const now = performance.now();
    // A fling (the scrollbar dragged, a flick) passes dozens of rows frame after frame: nobody reads
    // them, and fetching each page it crosses would compete with the scrolling itself, so wait until
    // it slows. One big jump (End, a click on the track) is not a fling: it fetches at once.
    const big = Math.abs(firstAbs - motion.current.first) > FLING_ROWS && now - motion.current.at < 100;
    const flinging = big && motion.current.big;
    motion.current = { first: firstAbs, at: now, big };
    const run = () => {
      timer.current = null;
      lastFetch.current = performance.now();
      fetchVisibleRef.current();
    };
    if (flinging) {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(run, FLING_SETTLE_MS);
      return;
    }
    if (timer.current) return;
    // Leading edge when the table has been still (a jump, a page key), then at most one fetch per interval.
    const wait = lastFetch.current + FETCH_THROTTLE_MS - now;
    if (wait <= 0) run();
    else timer.current = setTimeout(run, wait);
  });
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const fateOptions = useMemo(() => ROW_FATES.filter((f) => counts[FATE_COUNT[f]] > 0 || f === fate), [counts, fate]);
  const shownTotal = total ?? 0;

  return (
    <section className="row-fates" aria-labelledby={`${id}-title`}>
      <div className="row-between wrap">
        <h2 id={`${id}-title`}>Every line and what happened to it</h2>
        <div className="filters compact">
          <div className="field">
            <label htmlFor={`${id}-fate`}>Show</label>
            <select id={`${id}-fate`} value={fate} onChange={(e) => setFate(e.target.value as RowFate | '')}>
              <option value="">All lines</option>
              {fateOptions.map((f) => <option key={f} value={f}>{FATE_LABELS[f]} ({formatCount(counts[FATE_COUNT[f]])})</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-search`}>Search lines</label>
            <input id={`${id}-search`} type="search" value={searchText} onChange={(e) => setSearchText(e.target.value)} placeholder="Email, phone or id" />
          </div>
        </div>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      <p className="small muted" role="status" aria-live="polite">
        {total === null ? 'Loading lines…' : `${formatCount(shownTotal)} ${shownTotal === 1 ? 'line' : 'lines'}${search ? ` matching “${search}”` : ''}`}
      </p>
      {win.windows > 1 ? (
        <div className="row window-nav">
          <button type="button" disabled={win.index === 0} onClick={() => { setWindowIndex(win.index - 1); scrollRef.current?.scrollTo({ top: 0 }); }}>← Previous</button>
          <span>Lines {formatCount(win.start + 1)}–{formatCount(win.start + win.count)} of {formatCount(shownTotal)}</span>
          <button type="button" disabled={win.index >= win.windows - 1} onClick={() => { setWindowIndex(win.index + 1); scrollRef.current?.scrollTo({ top: 0 }); }}>Next →</button>
        </div>
      ) : null}
      <div role="table" aria-label="Lines of the file" aria-rowcount={shownTotal + 1} className="vtable">
        <div role="rowgroup" className="vtable-head">
          <div role="row" aria-rowindex={1} className="vrow">
            <div role="columnheader" className="cell num">Line</div>
            <div role="columnheader" className="cell">What happened</div>
            <div role="columnheader" className="cell">Email</div>
            <div role="columnheader" className="cell">Phone</div>
            <div role="columnheader" className="cell">External ID</div>
            <div role="columnheader" className="cell">Why</div>
          </div>
        </div>
        <div
          ref={scrollRef}
          className="vtable-body"
          tabIndex={0}
          role="rowgroup"
          aria-label="Lines, scrollable"
          data-testid="row-fates-scroll"
          // A short run gets a short table; until the count is known the space stays reserved.
          style={total === null ? undefined : { height: Math.min(BODY_HEIGHT, Math.max(3, total) * ROW_HEIGHT + 2) }}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
            {items.map((item) => {
              const abs = win.start + item.index;
              const page = cache.current.get(Math.floor(abs / ROWS_PAGE_SIZE));
              const row = page?.[abs % ROWS_PAGE_SIZE];
              return (
                <div
                  // Keyed by slot, not by row: a fast scroll then updates the same few dozen row
                  // elements in place instead of tearing them down and building new ones each frame.
                  key={item.index % items.length}
                  role="row"
                  aria-rowindex={abs + 2}
                  className={`vrow${item.index % 2 ? ' odd' : ''}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <Row row={row} />
                </div>
              );
            })}
          </div>
          {total === 0 ? <p className="muted vtable-empty">{search || fate ? 'No line matches.' : 'No line detail for this run.'}</p> : null}
        </div>
      </div>
    </section>
  );
}
