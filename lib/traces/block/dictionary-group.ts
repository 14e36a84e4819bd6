// A group of dictionary columns (core: name, kind, status...; extra: events, links), one section
// per field, so the first read of a field decodes only that column.

import { CODEC_BROTLI, openGroup, sealGroup } from "@/lib/traces/block/block-group";
import { MAX_BLOCK_SPANS } from "@/lib/traces/block/block-types";
import type { ByteReader } from "@/lib/traces/block/byte-reader";
import { ByteWriter } from "@/lib/traces/block/byte-writer";
import {
  buildDictionary,
  DictionaryColumn,
  type DictValue,
  writeDictionary,
} from "@/lib/traces/block/dictionary-column";
import { joinSections, splitSections } from "@/lib/traces/block/sections";
import type { SpanRow } from "@/lib/traces/block/span-row";

export const CORE_FIELDS = [
  "name",
  "kind",
  "statusCode",
  "statusMessage",
  "traceState",
  "flags",
  "environment",
  "resourceFp",
  "httpRoute",
  "httpStatusCode",
  "dbSystem",
  "peerService",
  "feature",
  "scopeName",
  "scopeVersion",
] as const satisfies readonly (keyof SpanRow)[];

export const EXTRA_FIELDS = ["events", "links"] as const satisfies readonly (keyof SpanRow)[];

export function encodeDictionaryGroup(
  rows: readonly SpanRow[],
  fields: readonly (keyof SpanRow)[],
  key: number,
): Buffer {
  const sections = fields.map((field) => {
    const { dict, idx } = buildDictionary(rows.map((row) => row[field] as DictValue));
    const w = new ByteWriter(dict.length * 16 + rows.length * 2 + 16);
    writeDictionary(w, dict, idx, field);
    return w.out();
  });
  return sealGroup(joinSections(rows.length, key, sections), CODEC_BROTLI);
}

/** A dictionary group read lazily: decompressed on the first field read, each column on its first read. */
export class DictionaryGroup {
  private sections: ByteReader[] | null = null;
  private readonly columns = new Map<string, DictionaryColumn>();
  private readonly values = new Map<string, DictValue[]>();

  constructor(
    private readonly group: Buffer,
    private readonly what: string,
    private readonly fields: readonly string[],
    private readonly n: number,
    private readonly key: number,
  ) {}

  column(field: string): DictionaryColumn {
    let column = this.columns.get(field);
    if (column) return column;
    this.sections ??= splitSections(
      openGroup(this.group, this.what),
      this.n,
      this.key,
      this.fields.length,
      `${this.what} group`,
    );
    const k = this.fields.indexOf(field);
    if (k < 0) throw new Error(`span block: no field ${field} in the ${this.what} group`);
    const r = this.sections[k];
    column = new DictionaryColumn(r, this.n, MAX_BLOCK_SPANS);
    r.finish();
    this.columns.set(field, column);
    return column;
  }

  /** Every row's value of a field, decoded once. */
  all(field: string): DictValue[] {
    let values = this.values.get(field);
    if (!values) {
      values = this.column(field).all();
      this.values.set(field, values);
    }
    return values;
  }
}
