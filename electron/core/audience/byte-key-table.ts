/**
 * A compact, exact string → entry-number table (the phone caches' keys). Keys live as UTF-8 bytes in
 * one growing arena (entry i's bytes run from starts[i] to starts[i + 1]), and the table is
 * open-addressed over an Int32Array of (entry, hash) pairs, so a million keys cost ~30 bytes each
 * instead of the ~100 a Map<string, number> takes. Keys are compared byte for byte: no hash collision can merge two keys.
 * Entries are numbered 0, 1, 2… in insertion order; callers keep per-entry data in their own typed
 * arrays indexed by that number. `expected` sizes it up front, so a big table is not copied as it grows.
 */
const EMPTY = -1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

type Growable = Uint8Array | Uint32Array | Int32Array | Float64Array;

/** A copy at least `minLength` long (grown by half, so slack stays under a third). */
export function growTypedArray<T extends Growable>(array: T, minLength: number): T {
  if (array.length >= minLength) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(minLength, Math.ceil(array.length * 1.5)));
  next.set(array);
  return next;
}

/**
 * Murmur3's finalizer. FNV-1a's low bits barely depend on the high bits of its input (multiplication
 * only carries upward), and the table indexes by low bits: without mixing, keys that differ in a few
 * digits cluster and probes grow with the table.
 */
export function mix32(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function powerOfTwoAtLeast(n: number): number {
  let p = 1024;
  while (p < n) p *= 2;
  return p;
}

export class ByteKeyTable {
  private arena: Uint8Array;
  /** starts[i] = where entry i's bytes begin; starts[size] = arena bytes used. */
  private starts: Uint32Array;
  /** Pairs (entry, hash): the hash beside the entry saves a cache miss per probe in a big table. */
  private slots: Int32Array;
  private scratch = new Uint8Array(256);
  private scratchLength = 0;
  private scratchHash = 0;
  /** The key in the scratch buffer: an insert right after a find of the same key skips encoding it again. */
  private loaded: string | null = null;
  size = 0;

  /** @param expected keys likely to come, and their average length in bytes (sizes the arrays once). */
  constructor(expected = 1024, averageKeyBytes = 16) {
    this.arena = new Uint8Array(Math.max(1 << 16, Math.ceil(expected * averageKeyBytes * 1.05)));
    this.starts = new Uint32Array(expected + 1);
    this.slots = new Int32Array(2 * powerOfTwoAtLeast(Math.ceil(expected / 0.7))).fill(EMPTY);
  }

  /** The entry number of `key`, or -1. */
  find(key: string): number {
    this.load(key);
    return this.probe();
  }

  /** The entry number of `key`, added when new (then it equals `size - 1`). */
  insert(key: string): number {
    this.load(key);
    const found = this.probe();
    return found !== EMPTY ? found : this.add();
  }

  /** The key of an entry, decoded (for messages; not on the hot path). */
  keyAt(entry: number): string {
    return decoder.decode(this.arena.subarray(this.starts[entry]!, this.starts[entry + 1]!));
  }

  /** Encodes the key into the scratch buffer (ASCII fast path) and hashes it (FNV-1a, mixed). */
  private load(key: string): void {
    if (key === this.loaded) return;
    this.loaded = key;
    const n = key.length;
    if (this.scratch.length < n * 3) this.scratch = new Uint8Array(n * 3);
    const bytes = this.scratch;
    let hash = 0x811c9dc5 | 0;
    let i = 0;
    for (; i < n; i++) {
      const c = key.charCodeAt(i);
      if (c >= 0x80) break;
      bytes[i] = c;
      hash = Math.imul(hash ^ c, 16777619);
    }
    let length = i;
    if (i < n) {
      length = i + encoder.encodeInto(key.slice(i), bytes.subarray(i)).written;
      for (let j = i; j < length; j++) hash = Math.imul(hash ^ bytes[j]!, 16777619);
    }
    this.scratchLength = length;
    this.scratchHash = mix32(hash);
  }

  private probe(): number {
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    const hash = this.scratchHash;
    const length = this.scratchLength;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot]!;
      if (entry === EMPTY) return EMPTY;
      if (slots[2 * slot + 1] === hash && this.starts[entry + 1]! - this.starts[entry]! === length && this.sameBytes(entry, length)) return entry;
    }
  }

  private sameBytes(entry: number, length: number): boolean {
    const start = this.starts[entry]!;
    const arena = this.arena;
    const bytes = this.scratch;
    for (let i = 0; i < length; i++) if (arena[start + i] !== bytes[i]) return false;
    return true;
  }

  private add(): number {
    const entry = this.size++;
    const length = this.scratchLength;
    this.starts = growTypedArray(this.starts, entry + 2);
    const start = this.starts[entry]!;
    this.arena = growTypedArray(this.arena, start + length);
    this.arena.set(this.scratch.subarray(0, length), start);
    this.starts[entry + 1] = start + length;
    this.place(entry, this.scratchHash, this.slots);
    // Linear probing stays short up to a load of about 0.7.
    const capacity = this.slots.length >>> 1;
    if (this.size * 10 > capacity * 7) this.rehash(capacity * 2);
    return entry;
  }

  private place(entry: number, hash: number, slots: Int32Array): void {
    const mask = (slots.length >>> 1) - 1;
    let slot = hash & mask;
    while (slots[2 * slot] !== EMPTY) slot = (slot + 1) & mask;
    slots[2 * slot] = entry;
    slots[2 * slot + 1] = hash;
  }

  /** Doubles the slots; every hash is still in the old slots (each entry sits in exactly one). */
  private rehash(capacity: number): void {
    const old = this.slots;
    const slots = new Int32Array(2 * capacity).fill(EMPTY);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY) this.place(old[i]!, old[i + 1]!, slots);
    this.slots = slots;
  }
}
