// Byte-level damage for the decoders' fuzz tests: a body truncated, with random bytes, flipped bits,
// varint edge bytes, or a bogus length prefix spliced in.

/** `body` damaged one of five ways, chosen and placed by `next` (a seeded random in [0, 1)). */
export function mutate(body: Uint8Array, next: () => number): Uint8Array {
  const out = Buffer.from(body);
  const kind = Math.floor(next() * 5);
  if (kind === 0) return out.subarray(0, Math.floor(next() * out.length)); // truncated
  const edits = 1 + Math.floor(next() * 8);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * out.length);
    if (kind === 1)
      out[at] = Math.floor(next() * 256); // random byte
    else if (kind === 2)
      out[at] ^= 1 << Math.floor(next() * 8); // bit flip
    else if (kind === 3) out[at] = [0x00, 0x7f, 0x80, 0xff][Math.floor(next() * 4)]; // varint edges
  }
  if (kind === 4)
    return Buffer.concat([
      out.subarray(0, Math.floor(next() * out.length)),
      Buffer.from([0x0a, 0xff, 0xff, 0x03]),
      out,
    ]); // bogus length
  return out;
}
