// The attrs group: attributes stored per key. Each span's text is split into keys and value texts
// (attribute-text.ts); a shape (its ordered key list) is dictionary-coded per span, and each key
// has a dictionary column of its value texts over all spans. Texts that are not in PostgreSQL's
// printed form go whole into a raw column. Sections: shapes and keys, shape index, raw, one per key.

import { bitWidth, writePacked } from "@/lib/traces/block/bit-pack";
import { CODEC_BROTLI, sealGroup } from "@/lib/traces/block/block-group";
import { ByteWriter } from "@/lib/traces/block/byte-writer";
import { buildDictionary, checkText, writeDictionary } from "@/lib/traces/block/dictionary-column";
import { splitMembers } from "@/lib/traces/block/attribute-text";
import { joinSections } from "@/lib/traces/block/sections";
import type { SpanRow } from "@/lib/traces/block/span-row";

export const SHAPE_OBJECT = 0;
export const SHAPE_RAW = 1;

export const VALUES_DICTIONARY = 0;
export const VALUES_PLAIN = 1;

/**
 * One key's values, for the spans that have the key only (in block order): a dictionary when
 * values repeat, else the texts one after another (brotli finds what they share).
 */
function valueColumn(values: string[], what: string): Buffer {
  const { dict, idx } = buildDictionary(values);
  const w = new ByteWriter(values.length * 4 + 64);
  w.uvar(values.length);
  if (dict.length * 2 <= values.length) {
    w.u8(VALUES_DICTIONARY);
    writeDictionary(w, dict, idx, what);
    return w.out();
  }
  w.u8(VALUES_PLAIN);
  for (const text of dict) checkText(text, what);
  for (const text of values) w.str(text);
  return w.out();
}

function shapesSection(shapes: number[][], keys: string[]): Buffer {
  const w = new ByteWriter(shapes.length * 16 + keys.length * 16);
  w.uvar(keys.length);
  for (const key of keys) {
    checkText(key, "an attribute key");
    w.str(key);
  }
  w.uvar(shapes.length);
  for (const shape of shapes) {
    w.u8(shape.length === 1 && shape[0] === -1 ? SHAPE_RAW : SHAPE_OBJECT);
    if (shape[0] === -1) continue;
    w.uvar(shape.length);
    for (const k of shape) w.uvar(k);
  }
  return w.out();
}

/** Whether a key occurs twice in the shape of span i (stamp[k] remembers the last span that had k). */
function repeatsKey(shape: number[], stamp: number[], i: number): boolean {
  for (const k of shape) {
    if (k < 0) return false;
    if (stamp[k] === i) return true;
    stamp[k] = i;
  }
  return false;
}

export function encodeAttributes(rows: readonly SpanRow[], key: number): Buffer {
  const n = rows.length;
  const keyIndex = new Map<string, number>();
  const keys: string[] = [];
  const columns: string[][] = [];
  const shapeIndex = new Map<string, number>();
  const shapes: number[][] = [];
  const shapeOf = new Uint32Array(n);
  const raw: string[] = [];
  const keyOf = (name: string): number => {
    let k = keyIndex.get(name);
    if (k === undefined) {
      k = keys.length;
      keyIndex.set(name, k);
      keys.push(name);
      columns.push([]);
    }
    return k;
  };
  const stamp: number[] = [];
  for (let i = 0; i < n; i++) {
    const text = rows[i].attributes;
    const members = splitMembers(text);
    let shape = members === null ? [-1] : members.keys.map((name) => keyOf(name));
    // A key twice in one text (never from PostgreSQL) would break the one-value-per-span ranks: keep it whole.
    if (repeatsKey(shape, stamp, i)) shape = [-1];
    if (shape[0] === -1) raw.push(text);
    else for (let m = 0; m < shape.length; m++) columns[shape[m]].push(members!.values[m]);
    const id = shape.join(",");
    let s = shapeIndex.get(id);
    if (s === undefined) {
      s = shapes.length;
      shapeIndex.set(id, s);
      shapes.push(shape);
    }
    shapeOf[i] = s;
  }
  const index = new ByteWriter(n * 2 + 8);
  const width = shapes.length > 1 ? bitWidth(shapes.length - 1) : 0;
  index.u8(width);
  writePacked(index, shapeOf, width);
  const values = columns.map((c) => valueColumn(c, "an attribute value"));
  const sections = [shapesSection(shapes, keys), index.out(), valueColumn(raw, "attributes"), ...values];
  return sealGroup(joinSections(n, key, sections), CODEC_BROTLI);
}
