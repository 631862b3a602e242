/**
 * Deduplication by Klaviyo's identity rules: one person per email (case-insensitive, already lower-
 * cased), per phone, per external id. The first row of a person is kept; later rows are duplicates
 * that may fill what the kept row lacked, or conflicts Klaviyo would refuse with 409.
 *
 * Memory grows with distinct people only, and little: each identifier is kept as a 64-bit hash in an
 * open-addressed table of (hash, person) triples — 16 bytes per identifier — and each person as a
 * line, a few bits and (for messages) their email's bytes: ~70 bytes per person with three
 * identifiers, against ~145 with exact keys (which also cost two more cache misses per lookup). The
 * price is a collision risk: two different identifiers with the same 64-bit hash would be taken for
 * one person. With n distinct identifiers of a kind the odds of any such pair are about n² / 2⁶⁵:
 * 3 × 10⁻⁸ for a million, 3 × 10⁻⁶ for ten million — far below the odds of a typo in the file.
 */
import { growTypedArray } from './byte-key-table';

export type IdKind = 'email' | 'phone' | 'externalId';

export type Decision =
  | { kind: 'new' }
  | { kind: 'conflict'; message: string }
  | {
    kind: 'duplicate';
    of: number;
    note: string | null;
    /** Identifiers the kept person lacked, now bound to it. */
    ids: Partial<Record<IdKind, string>> | null;
    /** Value columns (fields, properties) the kept person lacked and this row fills. */
    columns: number[] | null;
  };

const LABEL: Record<IdKind, string> = { email: 'email', phone: 'phone', externalId: 'external id' };
const BIT: Record<IdKind, number> = { email: 1, phone: 2, externalId: 4 };
/** Most rows are new people: one shared, frozen answer saves an allocation per row. */
const NEW: Decision = Object.freeze({ kind: 'new' });

/**
 * A 64-bit hash of text[start, end) (UTF-16 units; two cross-mixed 32-bit lanes, as in cyrb53),
 * written as (high, low) at out[at], out[at + 1]. Stage workers hash the identifiers they send.
 */
export function hash64(text: string, start: number, end: number, out: Int32Array, at: number): void {
  let h1 = 0xdeadbeef | 0;
  let h2 = 0x41c6ce57 | 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[at] = h2;
  out[at + 1] = h1;
}

const KIND_ORDER: readonly IdKind[] = ['email', 'phone', 'externalId'];

/**
 * One row's identifiers as the settling loop sees them, without copying: ranges of a slice's packed
 * text, and their hashes (email, phone, external id: high and low each) from the stage worker.
 * Reused row after row; an empty range is an absent identifier.
 */
export class RowIds {
  pack = '';
  hashes: Int32Array = new Int32Array(6);
  /** Where this row's six hash words start. */
  at = 0;
  readonly starts = new Int32Array(3);
  readonly ends = new Int32Array(3);

  has(k: number): boolean {
    return this.ends[k]! > this.starts[k]!;
  }

  text(k: number): string {
    return this.pack.slice(this.starts[k], this.ends[k]);
  }

  /** A row from plain strings (tests, previews). */
  static of(email: string | null, phone: string | null, externalId: string | null): RowIds {
    const ids = new RowIds();
    let at = 0;
    [email, phone, externalId].forEach((value, k) => {
      ids.starts[k] = at;
      ids.pack += value ?? '';
      at += value?.length ?? 0;
      ids.ends[k] = at;
      hash64(ids.pack, ids.starts[k]!, at, ids.hashes, 2 * k);
    });
    return ids;
  }
}

/** 64-bit hash → person, open-addressed over (high, low, person + 1) triples; 0 marks an empty slot. */
class HashedIdentifiers {
  private slots: Int32Array;
  private capacity: number;
  private size = 0;

  constructor(expected: number) {
    this.capacity = Math.max(1024, Math.ceil(expected / 0.75));
    this.slots = new Int32Array(3 * this.capacity);
  }

  find(high: number, low: number): number {
    const slots = this.slots;
    for (let i = (high >>> 0) % this.capacity; ; i = i + 1 === this.capacity ? 0 : i + 1) {
      const person = slots[3 * i + 2]!;
      if (person === 0) return -1;
      if (slots[3 * i + 1] === low && slots[3 * i] === high) return person - 1;
    }
  }

  insert(high: number, low: number, person: number): void {
    this.place(this.slots, this.capacity, high, low, person + 1);
    // Linear probing stays short up to a load of about 0.75.
    if (++this.size * 4 > this.capacity * 3) this.grow();
  }

  private place(slots: Int32Array, capacity: number, high: number, low: number, tagged: number): void {
    let i = (high >>> 0) % capacity;
    while (slots[3 * i + 2] !== 0) i = i + 1 === capacity ? 0 : i + 1;
    slots[3 * i] = high;
    slots[3 * i + 1] = low;
    slots[3 * i + 2] = tagged;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = this.capacity * 2;
    const slots = new Int32Array(3 * capacity);
    for (let i = 0; i < old.length; i += 3) if (old[i + 2] !== 0) this.place(slots, capacity, old[i]!, old[i + 1]!, old[i + 2]!);
    this.slots = slots;
    this.capacity = capacity;
  }
}

export class IdentityIndex {
  private readonly tables: Record<IdKind, HashedIdentifiers>;
  /** person → kept line */
  private lines: Int32Array;
  /** person → which identifiers it has (BIT) */
  private kinds: Uint8Array;
  /** person → value columns it has (`words` words per person) */
  private masks: Uint32Array;
  /** person → its email's bytes (validated emails are ASCII, at most 254 long), for conflict messages */
  private emailStarts: Uint32Array;
  private emailLengths: Uint8Array;
  private emailBytes: Uint8Array;
  private emailUsed = 0;
  private people = 0;

  /**
   * @param expected people the file probably holds (an estimate from its size): the tables are sized
   *   for them at once instead of being copied as they grow
   * @param mapped the identifier kinds the mapping uses (the others stay small)
   */
  constructor(private readonly words: number, expected = 1024, mapped: Readonly<Record<IdKind, boolean>> = { email: true, phone: true, externalId: true }) {
    const size = Math.max(1024, expected);
    this.tables = {
      email: new HashedIdentifiers(mapped.email ? size : 0),
      phone: new HashedIdentifiers(mapped.phone ? size : 0),
      externalId: new HashedIdentifiers(mapped.externalId ? size : 0),
    };
    this.lines = new Int32Array(size);
    this.kinds = new Uint8Array(size);
    this.masks = new Uint32Array(size * words);
    this.emailStarts = new Uint32Array(mapped.email ? size : 1024);
    this.emailLengths = new Uint8Array(mapped.email ? size : 1024);
    this.emailBytes = new Uint8Array(mapped.email ? size * 24 : 1 << 16);
  }

  get size(): number {
    return this.people;
  }

  /**
   * Decides the fate of an otherwise valid row and records it (a new person, merged values).
   * `masks[at…]` are the row's value-column bits.
   */
  decide(line: number, ids: RowIds, masks: Uint32Array, at: number): Decision {
    const h = ids.hashes;
    const base = ids.at;
    const hasEmail = ids.has(0);
    const hasPhone = ids.has(1);
    const hasId = ids.has(2);
    const byEmail = hasEmail ? this.tables.email.find(h[base]!, h[base + 1]!) : -1;
    const byPhone = hasPhone ? this.tables.phone.find(h[base + 2]!, h[base + 3]!) : -1;
    const byId = hasId ? this.tables.externalId.find(h[base + 4]!, h[base + 5]!) : -1;
    const person = byEmail >= 0 ? byEmail : byPhone >= 0 ? byPhone : byId;
    if (person < 0) {
      const added = this.add(line, masks, at);
      if (hasEmail) this.bindEmail(ids, added);
      if (hasPhone) this.bind('phone', h[base + 2]!, h[base + 3]!, added);
      if (hasId) this.bind('externalId', h[base + 4]!, h[base + 5]!, added);
      return NEW;
    }
    if ((byPhone >= 0 && byPhone !== person) || (byId >= 0 && byId !== person)) {
      const found = [byEmail, byPhone, byId];
      const first = found.findIndex((p) => p >= 0);
      const other = found.findIndex((p) => p >= 0 && p !== found[first]);
      return {
        kind: 'conflict',
        message: `this row joins two different people: ${LABEL[KIND_ORDER[first]!]} ${ids.text(first)} is used by line ${this.lines[found[first]!]} `
          + `and ${LABEL[KIND_ORDER[other]!]} ${ids.text(other)} by line ${this.lines[found[other]!]}`,
      };
    }
    const keptKinds = this.kinds[person]!;
    if (hasEmail && (keptKinds & BIT.email) !== 0 && byEmail < 0) {
      // Matched by phone or external id, but the kept person has another email: Klaviyo answers 409.
      const k = byPhone >= 0 ? 1 : 2;
      return { kind: 'conflict', message: `${LABEL[KIND_ORDER[k]!]} ${ids.text(k)} is already used by line ${this.lines[person]} with ${this.emailOf(person)}` };
    }
    // First occurrence wins for values both have; what the kept person lacks is merged into it.
    const keptLine = this.lines[person]!;
    let merged: Partial<Record<IdKind, string>> | null = null;
    let notes: string[] | null = null;
    if (hasEmail && (keptKinds & BIT.email) === 0) {
      this.bindEmail(ids, person);
      (merged ??= {}).email = ids.text(0);
    }
    for (const k of [1, 2]) {
      if (!ids.has(k) || (k === 1 ? byPhone : byId) >= 0) continue;
      const kind = KIND_ORDER[k]!;
      if ((keptKinds & BIT[kind]) === 0) {
        this.bind(kind, h[base + 2 * k]!, h[base + 2 * k + 1]!, person);
        (merged ??= {})[kind] = ids.text(k);
      } else (notes ??= []).push(`line ${keptLine} has another ${LABEL[kind]}, kept; this row's ${ids.text(k)} was not used`);
    }
    let columns: number[] | null = null;
    const maskBase = person * this.words;
    for (let w = 0; w < this.words; w++) {
      const fresh = masks[at + w]! & ~this.masks[maskBase + w]!;
      if (fresh === 0) continue;
      this.masks[maskBase + w]! |= fresh;
      for (let bit = 0; bit < 32; bit++) if ((fresh & (1 << bit)) !== 0) (columns ??= []).push(w * 32 + bit);
    }
    return { kind: 'duplicate', of: keptLine, note: notes ? notes.join('; ') : null, ids: merged, columns };
  }

  private add(line: number, masks: Uint32Array, at: number): number {
    const person = this.people++;
    const words = this.words;
    this.lines = growTypedArray(this.lines, person + 1);
    this.kinds = growTypedArray(this.kinds, person + 1);
    this.masks = growTypedArray(this.masks, (person + 1) * words);
    this.lines[person] = line;
    for (let w = 0; w < words; w++) this.masks[person * words + w] = masks[at + w]!;
    return person;
  }

  private bind(kind: IdKind, high: number, low: number, person: number): void {
    this.tables[kind].insert(high, low, person);
    this.kinds[person]! |= BIT[kind];
  }

  private bindEmail(ids: RowIds, person: number): void {
    this.bind('email', ids.hashes[ids.at]!, ids.hashes[ids.at + 1]!, person);
    const from = ids.starts[0]!;
    const length = Math.min(ids.ends[0]! - from, 255);
    this.emailStarts = growTypedArray(this.emailStarts, person + 1);
    this.emailLengths = growTypedArray(this.emailLengths, person + 1);
    this.emailBytes = growTypedArray(this.emailBytes, this.emailUsed + length);
    this.emailStarts[person] = this.emailUsed;
    this.emailLengths[person] = length;
    // Validated emails are ASCII; anything else is kept as far as it goes (messages only).
    for (let i = 0; i < length; i++) this.emailBytes[this.emailUsed++] = ids.pack.charCodeAt(from + i) & 0x7f;
  }

  private emailOf(person: number): string {
    const start = this.emailStarts[person]!;
    return String.fromCharCode(...this.emailBytes.subarray(start, start + this.emailLengths[person]!));
  }
}
