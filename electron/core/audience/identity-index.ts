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

let hashHigh = 0;
let hashLow = 0;

/** A 64-bit hash of the text's UTF-16 units (two cross-mixed 32-bit lanes, as in cyrb53), into hashHigh/hashLow. */
export function hash64(text: string): void {
  let h1 = 0xdeadbeef | 0;
  let h2 = 0x41c6ce57 | 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hashHigh = h2 | 0;
  hashLow = h1 | 0;
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
  decide(line: number, email: string | null, phone: string | null, externalId: string | null, masks: Uint32Array, at: number): Decision {
    let emailHigh = 0;
    let emailLow = 0;
    let phoneHigh = 0;
    let phoneLow = 0;
    let idHigh = 0;
    let idLow = 0;
    let byEmail = -1;
    let byPhone = -1;
    let byId = -1;
    if (email !== null) {
      hash64(email);
      emailHigh = hashHigh;
      emailLow = hashLow;
      byEmail = this.tables.email.find(emailHigh, emailLow);
    }
    if (phone !== null) {
      hash64(phone);
      phoneHigh = hashHigh;
      phoneLow = hashLow;
      byPhone = this.tables.phone.find(phoneHigh, phoneLow);
    }
    if (externalId !== null) {
      hash64(externalId);
      idHigh = hashHigh;
      idLow = hashLow;
      byId = this.tables.externalId.find(idHigh, idLow);
    }
    const person = byEmail >= 0 ? byEmail : byPhone >= 0 ? byPhone : byId;
    if (person < 0) {
      const added = this.add(line, masks, at);
      if (email !== null) this.bindEmail(email, emailHigh, emailLow, added);
      if (phone !== null) this.bind('phone', phoneHigh, phoneLow, added);
      if (externalId !== null) this.bind('externalId', idHigh, idLow, added);
      return NEW;
    }
    if ((byPhone >= 0 && byPhone !== person) || (byId >= 0 && byId !== person)) {
      const [first, other] = ([['email', byEmail, email], ['phone', byPhone, phone], ['externalId', byId, externalId]] as const)
        .filter(([, p]) => p >= 0)
        .filter(([, p], i, all) => i === 0 || p !== all[0]![1]);
      return {
        kind: 'conflict',
        message: `this row joins two different people: ${LABEL[first![0]]} ${first![2]} is used by line ${this.lines[first![1]]} and ${LABEL[other![0]]} ${other![2]} by line ${this.lines[other![1]]}`,
      };
    }
    const keptKinds = this.kinds[person]!;
    if (email !== null && (keptKinds & BIT.email) !== 0 && byEmail < 0) {
      // Matched by phone or external id, but the kept person has another email: Klaviyo answers 409.
      const [kind, value] = byPhone >= 0 ? ['phone' as const, phone] : ['externalId' as const, externalId];
      return { kind: 'conflict', message: `${LABEL[kind]} ${value} is already used by line ${this.lines[person]} with ${this.emailOf(person)}` };
    }
    // First occurrence wins for values both have; what the kept person lacks is merged into it.
    const keptLine = this.lines[person]!;
    let ids: Partial<Record<IdKind, string>> | null = null;
    let notes: string[] | null = null;
    if (email !== null && (keptKinds & BIT.email) === 0) {
      this.bindEmail(email, emailHigh, emailLow, person);
      (ids ??= {}).email = email;
    }
    if (phone !== null && byPhone < 0) {
      if ((keptKinds & BIT.phone) === 0) {
        this.bind('phone', phoneHigh, phoneLow, person);
        (ids ??= {}).phone = phone;
      } else (notes ??= []).push(`line ${keptLine} has another phone, kept; this row's ${phone} was not used`);
    }
    if (externalId !== null && byId < 0) {
      if ((keptKinds & BIT.externalId) === 0) {
        this.bind('externalId', idHigh, idLow, person);
        (ids ??= {}).externalId = externalId;
      } else (notes ??= []).push(`line ${keptLine} has another external id, kept; this row's ${externalId} was not used`);
    }
    let columns: number[] | null = null;
    const base = person * this.words;
    for (let w = 0; w < this.words; w++) {
      const fresh = masks[at + w]! & ~this.masks[base + w]!;
      if (fresh === 0) continue;
      this.masks[base + w]! |= fresh;
      for (let bit = 0; bit < 32; bit++) if ((fresh & (1 << bit)) !== 0) (columns ??= []).push(w * 32 + bit);
    }
    return { kind: 'duplicate', of: keptLine, note: notes ? notes.join('; ') : null, ids, columns };
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

  private bindEmail(email: string, high: number, low: number, person: number): void {
    this.bind('email', high, low, person);
    const length = Math.min(email.length, 255);
    this.emailStarts = growTypedArray(this.emailStarts, person + 1);
    this.emailLengths = growTypedArray(this.emailLengths, person + 1);
    this.emailBytes = growTypedArray(this.emailBytes, this.emailUsed + length);
    this.emailStarts[person] = this.emailUsed;
    this.emailLengths[person] = length;
    // Validated emails are ASCII; anything else is kept as far as it goes (messages only).
    for (let i = 0; i < length; i++) this.emailBytes[this.emailUsed++] = email.charCodeAt(i) & 0x7f;
  }

  private emailOf(person: number): string {
    const start = this.emailStarts[person]!;
    return String.fromCharCode(...this.emailBytes.subarray(start, start + this.emailLengths[person]!));
  }
}
