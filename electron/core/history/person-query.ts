/**
 * "What happened to jane@example.com?": every row, in every run, that carried this person's email,
 * phone number or external id, newest first, with the list and the fate. Each lookup is an equality
 * on one identifier index, so it costs the same on ten rows or ten million.
 */
import { z } from 'zod';
import type { FindPersonResult, PersonEvent } from '../../../shared/history';
import { ROW_FATES } from '../../../shared/sync';
import { formatE164, isValidPhoneCode, parsePhoneKey, phoneKey, regionForKey } from '../audience/phone';
import type { Logger } from '../log';
import { sql, type SqlQuery } from '../store/sql';
import type { SqlRunner } from '../store/store';

export type PersonKey = { matchedAs: 'email'; value: string } | { matchedAs: 'phone'; value: string } | { matchedAs: 'externalId'; value: string };

/** Newest first; older events past this many are left out (a person is in one row per run, so this is ~all history). */
export const MAX_PERSON_EVENTS = 1000;

const PHONE_LIKE = /^\+?[\d\s().\-/]+$/;

/** A phone number in E.164 exactly as the audience pipeline stores it (same parser, same metadata), or null. */
export function normalizePhone(text: string, defaultRegion: string): string | null {
  const key = phoneKey(text);
  const code = parsePhoneKey(key, regionForKey(key, defaultRegion));
  return isValidPhoneCode(code) ? formatE164(code) : null;
}

/**
 * How a query reads (pure): with an @ it is an email (compared lower-cased, as the pipeline stores
 * it); written like a phone number that is valid in the default region (or with its country code),
 * a phone in E.164; anything else an external id, as typed. A phone reading that finds nothing falls
 * back to the external id (ids are often all digits): see `personKeys`.
 */
export function personKeys(query: string, defaultRegion: string): PersonKey[] {
  const text = query.trim();
  if (text.includes('@')) return [{ matchedAs: 'email', value: text.toLowerCase() }];
  const keys: PersonKey[] = [];
  const phone = PHONE_LIKE.test(text) ? normalizePhone(text, defaultRegion) : null;
  if (phone !== null) keys.push({ matchedAs: 'phone', value: phone });
  keys.push({ matchedAs: 'externalId', value: text });
  return keys;
}

const EventSchema = z.object({
  run_id: z.string(),
  at: z.string(),
  list_name: z.string().nullable(),
  fate: z.enum(ROW_FATES),
  line: z.number().int().nullable(),
  reason: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  external_id: z.string().nullable(),
});

/**
 * The person's rows in runs that were started (a plan that was never run changed nothing for anyone),
 * and the duplicate lines merged into them: the pipeline records a duplicate with
 * a pointer to the kept line only, so those are found through run_rows_by_duplicate and shown with
 * the kept line's identifiers.
 */
function eventsQuery(key: PersonKey): SqlQuery {
  const match = key.matchedAs === 'email' ? sql`email = ${key.value}`
    : key.matchedAs === 'phone' ? sql`phone = ${key.value}`
      : sql`external_id = ${key.value}`;
  return sql`WITH hits AS (
      SELECT run_id, seq, line, fate, reason, email, phone, external_id FROM run_rows WHERE ${match}
    ), merged AS (
      SELECT h.run_id, h.seq, h.line, h.fate, h.reason, h.email, h.phone, h.external_id FROM hits h
      UNION
      SELECT d.run_id, d.seq, d.line, d.fate, coalesce(d.reason, 'same person as line ' || d.duplicate_of),
        h.email, h.phone, h.external_id
      FROM hits h JOIN run_rows d INDEXED BY run_rows_by_duplicate
        ON d.run_id = h.run_id AND d.duplicate_of = h.line AND d.duplicate_of IS NOT NULL
      WHERE NOT EXISTS (SELECT 1 FROM hits x WHERE x.run_id = d.run_id AND x.seq = d.seq)
    )
    SELECT m.run_id, coalesce(r.started_at, r.created_at) AS at, r.list_name, m.fate, m.line, m.reason,
      m.email, m.phone, m.external_id
    FROM merged m JOIN runs r ON r.id = m.run_id
    WHERE r.status <> 'planned'
    ORDER BY at DESC, m.run_id, m.seq
    LIMIT ${MAX_PERSON_EVENTS}`;
}

export function findPerson(db: SqlRunner, query: string, defaultRegion: string, logger: Logger): FindPersonResult {
  const keys = personKeys(query, defaultRegion);
  for (const key of keys) {
    const events: PersonEvent[] = db.all<unknown>(eventsQuery(key)).flatMap((raw) => {
      const parsed = EventSchema.safeParse(raw);
      if (!parsed.success) {
        logger.warn('a history row is damaged; left out of a person search', { matchedAs: key.matchedAs });
        return [];
      }
      const e = parsed.data;
      return [{
        runId: e.run_id, at: e.at, listName: e.list_name, fate: e.fate, line: e.line, reason: e.reason,
        email: e.email, phone: e.phone, externalId: e.external_id,
      }];
    });
    if (events.length > 0) return { query: query.trim(), matchedAs: key.matchedAs, events };
  }
  // Nothing under any reading: report the first (the likeliest) one.
  return { query: query.trim(), matchedAs: keys[0]!.matchedAs, events: [] };
}
