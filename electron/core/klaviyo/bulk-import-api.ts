/** Bulk import jobs: create (checked against Klaviyo's limits first), poll, and read per-profile errors. */
import { sleep } from './clock';
import type { CallOptions } from './lists-api';
import { OPERATIONS } from './operations';
import { bulkImportBody } from './payload-limits';
import { cursorFrom } from './query';
import { fromWireJob } from './serialize';
import type { Transport } from './transport';
import type { BulkImportJob, ImportError, ProfileAttributes } from './types';
import { BulkImportJobSchema, ImportErrorsSchema } from './wire-schemas';

export interface BulkImportInput {
  profiles: readonly ProfileAttributes[];
  /** Also adds every imported profile to this list. */
  listId?: string;
}

const POINTER_INDEX = /^\/data\/attributes\/profiles\/data\/(\d+)(?:\/|$)/;

/** The profile index a pointer such as `/data/attributes/profiles/data/12/attributes/email` names. */
export function indexFromPointer(pointer: string | null | undefined): number | null {
  const match = pointer ? POINTER_INDEX.exec(pointer) : null;
  return match ? Number(match[1]) : null;
}

function identifiersOf(payload: unknown): { email?: string; phone?: string; externalId?: string } {
  if (payload === null || typeof payload !== 'object') return {};
  const record = payload as Record<string, unknown>;
  // original_payload may be the resource ({type, attributes}) or its attributes alone.
  const attributes = (typeof record.attributes === 'object' && record.attributes !== null ? record.attributes : record) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const out: { email?: string; phone?: string; externalId?: string } = {};
  const email = str(attributes.email);
  const phone = str(attributes.phone_number);
  const externalId = str(attributes.external_id);
  if (email) out.email = email;
  if (phone) out.phone = phone;
  if (externalId) out.externalId = externalId;
  return out;
}

/** Finds which of the original profiles an error's payload was, by its identifiers. */
export function createPayloadMatcher(profiles: readonly ProfileAttributes[]): (payload: unknown) => number | null {
  const byKey = new Map<string, number>();
  profiles.forEach((p, i) => {
    for (const key of [p.email && `e:${p.email.toLowerCase()}`, p.phoneNumber && `p:${p.phoneNumber}`, p.externalId && `x:${p.externalId}`]) {
      if (key && !byKey.has(key)) byKey.set(key, i);
    }
  });
  return (payload) => {
    const ids = identifiersOf(payload);
    for (const key of [ids.email && `e:${ids.email.toLowerCase()}`, ids.phone && `p:${ids.phone}`, ids.externalId && `x:${ids.externalId}`]) {
      const index = key ? byKey.get(key) : undefined;
      if (index !== undefined) return index;
    }
    return null;
  };
}

export function createBulkImportApi(transport: Transport) {
  /**
   * Starts a bulk import. Checked before sending: at most 10,000 profiles, 100 KB each, 5 MB in all
   * (VALIDATION_FAILED names the profile index). Not retried once the request may have reached Klaviyo:
   * an ambiguous failure says so (`details.ambiguous`) and the caller decides.
   */
  async function createBulkImportJob(input: BulkImportInput, options: CallOptions = {}): Promise<BulkImportJob> {
    const { body } = bulkImportBody(input.profiles, input.listId);
    const reply = await transport.json({ op: OPERATIONS.createBulkImportJob, body, schema: BulkImportJobSchema, signal: options.signal });
    return fromWireJob(reply.data);
  }

  async function getBulkImportJob(jobId: string, options: CallOptions = {}): Promise<BulkImportJob> {
    const reply = await transport.json({ op: OPERATIONS.getBulkImportJob, path: { id: jobId }, schema: BulkImportJobSchema, signal: options.signal });
    return fromWireJob(reply.data);
  }

  /**
   * Polls a job until Klaviyo says it is complete (or cancelled). Polls share the 10/s, 150/min bucket
   * with job creation, so the default interval (2 emulated seconds) leaves most of it to new jobs.
   * `onProgress` sees every poll.
   */
  async function waitForBulkImportJob(
    jobId: string,
    query: { intervalMs?: number; onProgress?: (job: BulkImportJob) => void } = {},
    options: CallOptions = {},
  ): Promise<BulkImportJob> {
    const interval = query.intervalMs ?? 2000 / transport.timeScale;
    for (;;) {
      const job = await getBulkImportJob(jobId, options);
      query.onProgress?.(job);
      if (job.status === 'complete' || job.status === 'cancelled') return job;
      await sleep(transport.clock, interval, transport.signalFor(options.signal));
    }
  }

  /**
   * The profiles a job could not import. `index` comes from the error's pointer, or else from matching
   * its original payload against `profiles` (the batch as it was sent), when given.
   */
  async function* iterateImportErrors(jobId: string, query: { profiles?: readonly ProfileAttributes[] } = {}, options: CallOptions = {}): AsyncGenerator<ImportError> {
    const match = query.profiles ? createPayloadMatcher(query.profiles) : () => null;
    let cursor: string | null = null;
    do {
      const reply = await transport.json({
        op: OPERATIONS.getBulkImportErrors,
        path: { id: jobId },
        query: { 'page[size]': OPERATIONS.getBulkImportErrors.maxPageSize, 'page[cursor]': cursor ?? undefined },
        schema: ImportErrorsSchema,
        signal: options.signal,
      });
      for (const item of reply.data) {
        const a = item.attributes;
        const pointer = a.source?.pointer ?? null;
        yield {
          id: item.id,
          code: a.code,
          title: a.title,
          detail: a.detail,
          pointer,
          index: indexFromPointer(pointer) ?? match(a.original_payload),
          originalPayload: a.original_payload ?? null,
        };
      }
      cursor = cursorFrom(reply.links?.next);
    } while (cursor !== null);
  }

  return { createBulkImportJob, getBulkImportJob, waitForBulkImportJob, iterateImportErrors };
}
