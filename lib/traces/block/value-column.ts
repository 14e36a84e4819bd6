// Reads one attribute key's values (encode-attributes.ts valueColumn): the value of the r-th span
// that has the key, from a dictionary or from texts stored one after another.

import type { ByteReader } from "@/lib/traces/block/byte-reader";
import { DictionaryColumn } from "@/lib/traces/block/dictionary-column";
import { VALUES_DICTIONARY, VALUES_PLAIN } from "@/lib/traces/block/encode-attributes";

export class ValueColumn {
  private readonly dictionary: DictionaryColumn | null = null;
  private readonly starts: Uint32Array | null = null;
  private readonly ends: Uint32Array | null = null;

  constructor(
    private readonly r: ByteReader,
    count: number,
  ) {
    if (r.uvar() !== count) r.fail("value count differs from the spans that have the key");
    const mode = r.u8();
    if (mode === VALUES_DICTIONARY) this.dictionary = new DictionaryColumn(r, count, count);
    else if (mode === VALUES_PLAIN) {
      this.starts = new Uint32Array(count);
      this.ends = new Uint32Array(count);
      for (let k = 0; k < count; k++) {
        this.starts[k] = r.skip(r.uvar());
        this.ends[k] = r.pos;
      }
    } else r.fail(`value mode ${mode}`);
    r.finish();
  }

  /** The value of the rank-th span having the key. */
  at(rank: number): string {
    if (this.dictionary === null) return this.r.buf.toString("utf8", this.starts![rank], this.ends![rank]);
    const v = this.dictionary.at(rank);
    if (typeof v !== "string") this.r.fail("a value is not text");
    return v;
  }
}
