/**
 * Identifiers shaped like Klaviyo's: profile and job ids are 26-character ULIDs
 * (`01GDDKASAP8TKDDA2GRZDSVP4H`), list and segment ids six alphanumerics (`Y6nRLr`), account ids
 * six upper-case alphanumerics, import-error ids UUIDs. Random bytes are drawn in blocks so seeding
 * 200,000 profiles stays fast.
 */
import { randomBytes, randomUUID } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

let pool = Buffer.alloc(0);
let poolAt = 0;

function nextByte(): number {
  if (poolAt >= pool.length) {
    pool = randomBytes(65536);
    poolAt = 0;
  }
  const byte = pool[poolAt] ?? 0;
  poolAt += 1;
  return byte;
}

function encodeTime(ms: number): string {
  let out = '';
  let t = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i += 1) {
    out = CROCKFORD.charAt(t % 32) + out;
    t = Math.floor(t / 32);
  }
  return out;
}

let lastUlidTime = -1;
let lastRandom: number[] = [];

/** A monotonic ULID: ids made in the same millisecond still sort in creation order. */
export function ulid(now: number = Date.now()): string {
  const time = Math.max(Math.floor(now), lastUlidTime);
  if (time === lastUlidTime) {
    // Increment the 80-bit random part (16 base-32 digits) so the order stays strict.
    let i = lastRandom.length - 1;
    while (i >= 0) {
      const digit = (lastRandom[i] ?? 0) + 1;
      if (digit < 32) {
        lastRandom[i] = digit;
        break;
      }
      lastRandom[i] = 0;
      i -= 1;
    }
  } else {
    lastUlidTime = time;
    // Top digit kept small so increments never overflow in practice.
    lastRandom = Array.from({ length: 16 }, (_, k) => (k === 0 ? nextByte() % 16 : nextByte() % 32));
  }
  return encodeTime(time) + lastRandom.map((d) => CROCKFORD.charAt(d)).join('');
}

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet.charAt(nextByte() % alphabet.length);
  return out;
}

/** A six-character id, unique among `taken`. */
export function shortId(taken: (id: string) => boolean, upper = false): string {
  for (;;) {
    const id = randomString(upper ? UPPER_ALNUM : ALNUM, 6);
    if (!taken(id)) return id;
  }
}

export function uuid(): string {
  return randomUUID();
}

// Pages of profiles format the same few seconds thousands of times; formatting dominated profiling.
const isoCache = new Map<number, string>();

/** Klaviyo's timestamp format: ISO 8601 in UTC, seconds precision, `+00:00` offset. */
export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  let text = isoCache.get(second);
  if (text === undefined) {
    text = `${new Date(second * 1000).toISOString().slice(0, 19)}+00:00`;
    if (isoCache.size >= 10_000) isoCache.clear();
    isoCache.set(second, text);
  }
  return text;
}
