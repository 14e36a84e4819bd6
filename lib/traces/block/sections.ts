// A group body made of sections (one per column), each readable without parsing the others:
// span count, the block key (CRC-32 of its trace id column: a group of another block is refused),
// section count, each section's byte length, then the sections.

import { ByteReader } from "@/lib/traces/block/byte-reader";
import { ByteWriter } from "@/lib/traces/block/byte-writer";

export function joinSections(n: number, key: number, sections: Buffer[]): Buffer {
  const head = new ByteWriter(64);
  head.uvar(n);
  head.u32(key);
  head.uvar(sections.length);
  for (const s of sections) head.uvar(s.length);
  return Buffer.concat([head.out(), ...sections]);
}

/** The sections of a body, each as a reader bounded to it; checks the span count and section count (null: any). */
export function splitSections(
  body: Buffer,
  n: number,
  key: number,
  expected: number | null,
  what: string,
): ByteReader[] {
  const r = new ByteReader(body, 0, undefined, what);
  if (r.uvar() !== n) r.fail("span count differs from the ids group");
  if (r.u32() !== key) r.fail("belongs to another block");
  const k = r.uvar();
  if (expected !== null ? k !== expected : k > n * 64 + 64) r.fail(`${k} sections, expected ${expected}`);
  const lengths = Array.from({ length: k }, () => r.uvar());
  const sections = lengths.map((length, i) => new ByteReader(body, r.skip(length), r.pos, `${what} section ${i}`));
  r.finish();
  return sections;
}
