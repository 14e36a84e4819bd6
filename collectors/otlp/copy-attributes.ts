// Span attributes of the protobuf hot path (wire-copy.ts), written as the stored JSON straight from
// the request: a key's stored name ("17":) is found by the key's bytes, an ASCII string value is
// copied as is. Promoted keys (columns) are kept aside as the values the normaliser gives.

import type { AttributeKeys, AttributeNamer } from "@/lib/traces/attribute-keys";
import { storedDouble, storedInt } from "@/lib/traces/attribute-values";
import { keptPromoted } from "@/lib/traces/promoted";
import { field, jsonbSafe } from "@/lib/copy-text";
import type { CopyWriter } from "./copy-writer";
import { anyValue, PROMOTED_KEYS } from "./decode";
import { readAnyValue } from "./wire";
import { expectWire, FIXED64, LEN, Reader, VARINT } from "./wire-reader";

export interface KeyEntry {
  bytes: Buffer;
  key: string;
  /**
   * "id": written as `name`; "promoted": becomes a column, and is written as `name` when the
   * column does not give it back; "literal": no id yet, named each time.
   */
  kind: "id" | "promoted" | "literal";
  name: Buffer;
}

export interface KeyCache {
  buckets: Map<number, KeyEntry[]>;
  /** Every cached entry, in the order cached (span-rows.ts copies them into its own table). */
  entries: KeyEntry[];
}

const MAX_CACHED_KEYS = 20_000;
const NO_BYTES = Buffer.alloc(0);

// One cache per attribute dictionary (the dictionary's ids are per database).
const keyCaches = new WeakMap<AttributeKeys, KeyCache>();

function keyCacheOf(keys: AttributeKeys): KeyCache {
  let cache = keyCaches.get(keys);
  if (!cache) {
    cache = { buckets: new Map(), entries: [] };
    keyCaches.set(keys, cache);
  }
  return cache;
}

function hashOf(source: Buffer, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ source[i], 0x01000193);
  return hash >>> 0;
}

function sameBytes(a: Buffer, source: Buffer, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== source[start + i]) return false;
  return true;
}

export class AttributeWriter {
  /** Promoted attribute values of the span last written. */
  promoted: Map<string, unknown> | null = null;
  private readonly cache: KeyCache;

  /** The keys cached for this writer's dictionary. */
  get keys(): KeyCache {
    return this.cache;
  }

  constructor(
    private readonly out: CopyWriter,
    readonly namer: AttributeNamer,
  ) {
    this.cache = keyCacheOf(namer.dict);
  }

  /**
   * Writes the attributes JSON of one span from its KeyValues at `starts`, and last the promoted
   * ones their columns do not give back (lib/traces/promoted.ts). Every value is read in full,
   * stored or not: a malformed one makes the body undecodable. Leaves r.pos anywhere.
   */
  writeAll(r: Reader, starts: readonly number[], resourceFeature: string | null): void {
    this.promoted = null;
    let wrote = false;
    for (let i = 0; i < starts.length; i++) {
      r.pos = starts[i];
      if (this.writeOne(r, wrote)) wrote = true;
    }
    if (this.promoted !== null)
      for (const [key, value] of keptPromoted(this.promoted, resourceFeature)) {
        this.out.byte(wrote ? 0x2c : 0x7b);
        this.out.text(`${field(jsonbSafe(this.namer.name(key)))}:${field(jsonbSafe(JSON.stringify(value)))}`);
        wrote = true;
      }
    this.out.text(wrote ? "}" : "{}");
  }

  /** One KeyValue at r.pos, into the JSON (opening it or adding a comma) or into `promoted`. */
  private writeOne(r: Reader, wroteBefore: boolean): boolean {
    const outer = r.enter();
    let keyStart = -1;
    let keyEnd = -1;
    let value = -1;
    while (r.pos < r.end) {
      const tag = r.varint();
      if (tag >>> 3 === 1) {
        expectWire(tag, LEN, "KeyValue.key");
        keyStart = r.skipDelimited();
        keyEnd = r.pos;
      } else if (tag >>> 3 === 2) {
        expectWire(tag, LEN, "KeyValue.value");
        value = r.pos;
        r.skipDelimited();
      } else r.skip(tag & 7);
    }
    r.leave(outer);
    if (keyEnd <= keyStart) {
      this.valueAt(r, value);
      return false;
    }
    const entry = this.keyEntry(r.buf, keyStart, keyEnd);
    if (entry.kind === "promoted") {
      (this.promoted ??= new Map()).set(entry.key, this.valueAt(r, value));
      return false;
    }
    const out = this.out;
    out.byte(wroteBefore ? 0x2c : 0x7b); // "," or "{"
    if (entry.kind === "id") out.copy(entry.name, 0, entry.name.length);
    else out.text(`${field(jsonbSafe(this.namer.name(entry.key)))}:`);
    if (value < 0) out.text("null");
    else {
      r.pos = value;
      this.readValue(r, false);
    }
    return true;
  }

  /** The value of the AnyValue at `at` (-1: none), as the normaliser's anyValue() gives it. */
  private valueAt(r: Reader, at: number): unknown {
    if (at < 0) return null;
    r.pos = at;
    return this.readValue(r, true);
  }

  private keyEntry(buf: Buffer, start: number, end: number): KeyEntry {
    const hash = hashOf(buf, start, end);
    const bucket = this.cache.buckets.get(hash);
    if (bucket) for (const entry of bucket) if (sameBytes(entry.bytes, buf, start, end)) return entry;
    const key = buf.toString("utf8", start, end);
    let entry: KeyEntry;
    if (PROMOTED_KEYS.has(key)) {
      // Named when its column does not give it back, by the id registerAttributeKeys gives every
      // promoted key; not cached until it has one. Not named here: a column may take it.
      const named = this.namer.dict.names.get(key);
      if (named === undefined) return { bytes: NO_BYTES, key, kind: "promoted", name: NO_BYTES };
      entry = { bytes: Buffer.from(buf.subarray(start, end)), key, kind: "promoted", name: Buffer.from(`${named}:`) };
    } else {
      const stored = this.namer.name(key);
      // Keys kept literally are not cached: they may get an id soon.
      if (stored.startsWith('"~')) return { bytes: NO_BYTES, key, kind: "literal", name: NO_BYTES };
      entry = { bytes: Buffer.from(buf.subarray(start, end)), key, kind: "id", name: Buffer.from(`${stored}:`) };
    }
    if (this.cache.entries.length < MAX_CACHED_KEYS) {
      this.cache.entries.push(entry);
      if (bucket) bucket.push(entry);
      else this.cache.buckets.set(hash, [entry]);
    }
    return entry;
  }

  /**
   * An AnyValue (the length-delimited field at r.pos): written as JSON, or returned as the value
   * the normaliser's anyValue() gives when `asValue`.
   */
  private readValue(r: Reader, asValue: boolean): unknown {
    const valueStart = r.pos;
    const outer = r.enter();
    readMembers(r);
    r.leave(outer);
    if (found.member === 1 && !asValue) return this.out.jsonString(r.buf, found.at, found.end);
    const value = foundValue(r.buf, valueStart, r.pos);
    if (asValue) return value;
    this.out.text(field(jsonbSafe(JSON.stringify(value) ?? "null")));
    return undefined;
  }
}

// The AnyValue last read: which member (the last present wins, a oneof) and where or what it is.
// One object for every value: readValue is never re-entered.
const found = { member: 0, at: 0, end: 0, number: 0, big: null as bigint | null };

/** The members of the AnyValue r is narrowed to, into `found`. */
function readMembers(r: Reader): void {
  found.member = found.at = found.end = found.number = 0;
  found.big = null;
  while (r.pos < r.end) {
    const tag = r.varint();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, LEN, "AnyValue.string_value");
        found.at = r.skipDelimited();
        found.end = r.pos;
        found.member = 1;
        break;
      case 2:
        expectWire(tag, VARINT, "AnyValue.bool_value");
        found.number = r.varint() !== 0 ? 1 : 0;
        found.member = 2;
        break;
      case 3:
        expectWire(tag, VARINT, "AnyValue.int_value");
        if (r.shortVarint()) {
          found.number = r.varint();
          found.big = null;
        } else found.big = BigInt.asIntN(64, r.varint64());
        found.member = 3;
        break;
      case 4:
        expectWire(tag, FIXED64, "AnyValue.double_value");
        found.number = r.double();
        found.member = 4;
        break;
      case 5:
      case 6:
      case 7:
        // Arrays, maps and bytes, and whatever follows them: the whole AnyValue, the generic way.
        r.pos = r.end;
        found.member = -1;
        break;
      default:
        r.skip(tag & 7);
    }
  }
}

/** The value `found` holds, as the normaliser's anyValue() gives it; the AnyValue is buf[start, end). */
function foundValue(buf: Buffer, start: number, end: number): unknown {
  switch (found.member) {
    case 1:
      return buf.toString("utf8", found.at, found.end);
    case 2:
      return found.number === 1;
    case 3:
      return found.big === null ? found.number : storedInt(found.big);
    case 4:
      return storedDouble(found.number);
    case -1:
      return anyValue(readAnyValue(new Reader(buf, start, end).sub(), 0) as never);
    default:
      return null;
  }
}
