// The framing of one stored group: codec byte, format version, CRC-32 and length of the plain
// bytes, then the (compressed) bytes. The checksum is what makes a damaged block throw instead of
// decoding to other rows: brotli itself would accept many flipped bits.

import zlib from "node:zlib";
import { BlockCorruptError } from "@/lib/traces/block/byte-reader";

export const BLOCK_FORMAT = 1;
export const CODEC_NONE = 0;
export const CODEC_BROTLI = 1;
const HEADER = 10;

/** Brotli quality 5 (q9+ costs 30-40x the CPU for 2-5 % fewer bytes), 4 MiB window, size hint. */
function brotli(body: Buffer): Buffer {
  return zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 22,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

export function sealGroup(body: Buffer, codec: number): Buffer {
  const payload = codec === CODEC_BROTLI ? brotli(body) : body;
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out[0] = codec;
  out[1] = BLOCK_FORMAT;
  out.writeUInt32LE(zlib.crc32(body), 2);
  out.writeUInt32LE(body.length, 6);
  payload.copy(out, HEADER);
  return out;
}

/** The plain bytes of a group, or BlockCorruptError. */
export function openGroup(group: Buffer, what: string): Buffer {
  if (!Buffer.isBuffer(group) || group.length < HEADER) throw new BlockCorruptError(`${what} group is truncated`);
  const codec = group[0];
  if (group[1] !== BLOCK_FORMAT)
    throw new BlockCorruptError(`${what} group has format ${group[1]}, not ${BLOCK_FORMAT}`);
  const crc = group.readUInt32LE(2);
  const length = group.readUInt32LE(6);
  const payload = group.subarray(HEADER);
  let body: Buffer;
  if (codec === CODEC_NONE) body = payload;
  else if (codec === CODEC_BROTLI) {
    try {
      body = zlib.brotliDecompressSync(payload, { maxOutputLength: Math.max(length, 1) });
    } catch (error) {
      throw new BlockCorruptError(`${what} group does not decompress (${(error as Error).message})`);
    }
  } else throw new BlockCorruptError(`${what} group has unknown codec ${codec}`);
  if (body.length !== length || zlib.crc32(body) !== crc)
    throw new BlockCorruptError(`${what} group fails its checksum`);
  return body;
}
