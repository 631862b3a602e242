/**
 * Deduplication by Klaviyo's identity rules: one person per email (case-insensitive, already lower-
 * cased), per phone, per external id. The first row of a person is kept; later rows are duplicates
 * that may fill what the kept row lacked, or conflicts Klaviyo would refuse with 409.
 *
 * Memory grows with distinct people only: identifiers sit in ByteKeyTables (exact keys, no hashing
 * risk) and per-person facts in typed arrays — about 100 bytes per person with three identifiers.
 */
import { ByteKeyTable, growTypedArray } from './byte-key-table';

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
/** Most rows are new people: one shared, frozen answer saves an allocation per row. */
const NEW: Decision = Object.freeze({ kind: 'new' });

class IdentifierSet {
  readonly table: ByteKeyTable;
  /** entry → person */
  owner: Int32Array;
  /** person → entry (-1: none) */
  byPerson: Int32Array;

  /** @param expected people likely to have this identifier (0: the kind is not mapped) */
  constructor(expected: number, averageBytes: number) {
    this.table = new ByteKeyTable(Math.max(1024, expected), averageBytes);
    this.owner = new Int32Array(Math.max(1024, expected));
    this.byPerson = new Int32Array(Math.max(1024, expected));
  }

  bind(value: string, person: number): void {
    const entry = this.table.insert(value);
    this.owner = growTypedArray(this.owner, entry + 1);
    this.owner[entry] = person;
    this.byPerson[person] = entry;
  }

  addPerson(person: number, value: string | null): void {
    this.byPerson = growTypedArray(this.byPerson, person + 1);
    if (value === null) this.byPerson[person] = -1;
    else this.bind(value, person);
  }

  /** The person holding `value`, or -1. */
  personOf(value: string | null): number {
    if (value === null) return -1;
    const entry = this.table.find(value);
    return entry < 0 ? -1 : this.owner[entry]!;
  }

  valueOf(person: number): string | null {
    const entry = this.byPerson[person]!;
    return entry < 0 ? null : this.table.keyAt(entry);
  }
}

export class IdentityIndex {
  private readonly email: IdentifierSet;
  private readonly phone: IdentifierSet;
  private readonly externalId: IdentifierSet;
  /** person → kept line */
  private lines: Int32Array;
  /** person → value columns it has (`words` words per person) */
  private masks: Uint32Array;
  private people = 0;

  /**
   * @param expected people the file probably holds (an estimate from its size): the tables are sized
   *   for them at once instead of being copied as they grow
   * @param mapped the identifier kinds the mapping uses (the others stay small)
   */
  constructor(private readonly words: number, expected = 1024, mapped: Readonly<Record<IdKind, boolean>> = { email: true, phone: true, externalId: true }) {
    const size = Math.max(1024, expected);
    this.email = new IdentifierSet(mapped.email ? size : 0, 24);
    this.phone = new IdentifierSet(mapped.phone ? size : 0, 13);
    this.externalId = new IdentifierSet(mapped.externalId ? size : 0, 12);
    this.lines = new Int32Array(size);
    this.masks = new Uint32Array(size * words);
  }

  get size(): number {
    return this.people;
  }

  /**
   * Decides the fate of an otherwise valid row and records it (a new person, merged values).
   * `masks[at…]` are the row's value-column bits.
   */
  decide(line: number, email: string | null, phone: string | null, externalId: string | null, masks: Uint32Array, at: number): Decision {
    const byEmail = this.email.personOf(email);
    const byPhone = this.phone.personOf(phone);
    const byId = this.externalId.personOf(externalId);
    const person = byEmail >= 0 ? byEmail : byPhone >= 0 ? byPhone : byId;
    if (person < 0) {
      this.add(line, email, phone, externalId, masks, at);
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
    const keptEmail = this.email.valueOf(person);
    if (email !== null && keptEmail !== null && byEmail < 0) {
      // Matched by phone or external id, but the kept person has another email: Klaviyo answers 409.
      const [kind, value] = byPhone >= 0 ? ['phone' as const, phone] : ['externalId' as const, externalId];
      return { kind: 'conflict', message: `${LABEL[kind]} ${value} is already used by line ${this.lines[person]} with ${keptEmail}` };
    }
    return this.merge(person, email, phone, externalId, masks, at);
  }

  private add(line: number, email: string | null, phone: string | null, externalId: string | null, masks: Uint32Array, at: number): void {
    const person = this.people++;
    const words = this.words;
    this.lines = growTypedArray(this.lines, person + 1);
    this.masks = growTypedArray(this.masks, (person + 1) * words);
    this.lines[person] = line;
    for (let w = 0; w < words; w++) this.masks[person * words + w] = masks[at + w]!;
    this.email.addPerson(person, email);
    this.phone.addPerson(person, phone);
    this.externalId.addPerson(person, externalId);
  }

  /** First occurrence wins for values both have; what the kept person lacks is merged into it. */
  private merge(person: number, email: string | null, phone: string | null, externalId: string | null, masks: Uint32Array, at: number): Decision {
    const keptLine = this.lines[person]!;
    let ids: Partial<Record<IdKind, string>> | null = null;
    const notes: string[] = [];
    for (const [kind, set, value] of [['email', this.email, email], ['phone', this.phone, phone], ['externalId', this.externalId, externalId]] as const) {
      if (value === null) continue;
      const kept = set.valueOf(person);
      if (kept === null) {
        set.bind(value, person);
        (ids ??= {})[kind] = value;
      } else if (kept !== value) {
        notes.push(`kept line ${keptLine}'s ${LABEL[kind]} ${kept}; this row's ${value} was not used`);
      }
    }
    let columns: number[] | null = null;
    const base = person * this.words;
    for (let w = 0; w < this.words; w++) {
      const fresh = masks[at + w]! & ~this.masks[base + w]!;
      if (fresh === 0) continue;
      this.masks[base + w]! |= fresh;
      for (let bit = 0; bit < 32; bit++) if ((fresh & (1 << bit)) !== 0) (columns ??= []).push(w * 32 + bit);
    }
    return { kind: 'duplicate', of: keptLine, note: notes.length > 0 ? notes.join('; ') : null, ids, columns };
  }
}
