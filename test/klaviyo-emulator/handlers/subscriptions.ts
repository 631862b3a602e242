/**
 * POST /api/profile-subscription-bulk-create-jobs: records marketing consent (≤ 1000 profiles)
 * and, with the `list` relationship, adds the profiles to a single opt-in list (a double opt-in
 * list waits for a confirmation that never comes, unless `historical_import`). 202, no body;
 * the work happens asynchronously after the job queue delay, as on Klaviyo.
 */
import { isRecord, type Handler, type RequestContext } from '../context';
import { invalid, invalidMany, invalidSpec, type ErrorSpec } from '../errors';
import type { SubscriptionItem } from '../jobs';
import { INVALID_EMAIL, INVALID_PHONE, isValidE164, isValidEmail } from '../validation';

const MAX_PROFILES = 1000;

function channelsOf(subscriptions: unknown): Record<'email' | 'sms', Record<string, unknown> | null> {
  const subs = isRecord(subscriptions) ? subscriptions : {};
  const marketing = (channel: unknown) => (isRecord(channel) && isRecord(channel.marketing) ? channel.marketing : null);
  return { email: marketing(subs.email), sms: marketing(subs.sms) };
}

function checkConsent(params: Record<string, unknown>, pointer: string, historical: boolean, now: number): ErrorSpec | null {
  if (params.consent !== 'SUBSCRIBED') return invalidSpec("'consent' must be 'SUBSCRIBED'.", { pointer: `${pointer}/consent` });
  const at = params.consented_at;
  if (historical) {
    if (typeof at !== 'string') return invalidSpec("'consented_at' is required when 'historical_import' is true.", { pointer: `${pointer}/consented_at` });
    const time = Date.parse(at);
    if (Number.isNaN(time) || time > now) return invalidSpec("'consented_at' must be a datetime in the past.", { pointer: `${pointer}/consented_at` });
  } else if (at !== undefined && at !== null) {
    return invalidSpec("'consented_at' is only allowed when 'historical_import' is true.", { pointer: `${pointer}/consented_at` });
  }
  return null;
}

function listIdOf(ctx: RequestContext, data: Record<string, unknown>): string | null {
  const relationships = data.relationships;
  const list = isRecord(relationships) && isRecord(relationships.list) ? relationships.list.data : undefined;
  if (list === undefined || list === null) return null;
  if (!isRecord(list) || list.type !== 'list') throw invalid("Invalid resource type; expected 'list'.", { pointer: '/data/relationships/list/data/type' });
  if (typeof list.id !== 'string' || !ctx.account.lists.has(list.id)) {
    throw invalid(`A list with id ${String(list.id)} does not exist.`, { pointer: '/data/relationships/list/data/id' });
  }
  return list.id;
}

export const bulkSubscribe: Handler = (ctx) => {
  const data = isRecord(ctx.body) ? ctx.body.data : undefined;
  if (!isRecord(data)) throw invalid("'data' is a required field.", { pointer: '/data' });
  if (data.type !== 'profile-subscription-bulk-create-job') {
    throw invalid("Invalid resource type; expected 'profile-subscription-bulk-create-job'.", { pointer: '/data/type' });
  }
  const attributes = isRecord(data.attributes) ? data.attributes : {};
  const profiles = isRecord(attributes.profiles) ? attributes.profiles.data : undefined;
  if (!Array.isArray(profiles) || profiles.length === 0) throw invalid('At least one profile is required.', { pointer: '/data/attributes/profiles/data' });
  if (profiles.length > MAX_PROFILES) {
    throw invalid(`A maximum of ${MAX_PROFILES} profiles can be subscribed per request; got ${profiles.length}.`, { pointer: '/data/attributes/profiles/data' });
  }
  const historical = attributes.historical_import === true;
  const problems: ErrorSpec[] = [];
  const items: SubscriptionItem[] = [];
  profiles.forEach((raw: unknown, i: number) => {
    const base = `/data/attributes/profiles/data/${i}/attributes`;
    const attrs = isRecord(raw) && isRecord(raw.attributes) ? raw.attributes : null;
    if (!attrs) {
      problems.push(invalidSpec("'attributes' is a required field for the resource 'profile'.", { pointer: base }));
      return;
    }
    const email = typeof attrs.email === 'string' ? attrs.email : null;
    const phone = typeof attrs.phone_number === 'string' ? attrs.phone_number : null;
    if (email !== null && !isValidEmail(email)) problems.push(invalidSpec(INVALID_EMAIL, { pointer: `${base}/email` }));
    if (phone !== null && !isValidE164(phone)) problems.push(invalidSpec(INVALID_PHONE, { pointer: `${base}/phone_number` }));
    const channels = channelsOf(attrs.subscriptions);
    const wanted: Array<'email' | 'sms'> = [];
    for (const channel of ['email', 'sms'] as const) {
      const params = channels[channel];
      if (!params) continue;
      const problem = checkConsent(params, `${base}/subscriptions/${channel}/marketing`, historical, ctx.now);
      if (problem) problems.push(problem);
      wanted.push(channel);
    }
    // Verbatim from klaviyo/klaviyo-api-node#95 (API-NOTES §5).
    if (wanted.includes('sms') && phone === null) {
      problems.push(invalidSpec("'phone_number' must not be empty when the sms channel is included in 'subscriptions'.", { pointer: `${base}/phone_number` }));
    }
    if (wanted.includes('email') && email === null) {
      problems.push(invalidSpec("'email' must not be empty when the email channel is included in 'subscriptions'.", { pointer: `${base}/email` }));
    }
    if (wanted.length === 0) problems.push(invalidSpec('At least one marketing subscription (email or sms) is required.', { pointer: `${base}/subscriptions` }));
    const id = isRecord(raw) && typeof raw.id === 'string' && raw.id !== '' ? raw.id : null;
    items.push({ id, email, phone_number: phone, channels: wanted });
  });
  if (problems.length > 0) throw invalidMany(problems);
  const listId = listIdOf(ctx, data);
  ctx.account.subscriptionJobs.push({
    startAfter: ctx.now + ctx.config.queueDelayMs / ctx.config.timeScale,
    done: false,
    listId,
    historicalImport: historical,
    items,
  });
  return { status: 202 };
};
