// What encodeBlock produces and openBlock reads: the metadata stored beside a block (for pruning
// in SQL) and its column groups, each stored in its own bytea column.

export interface BlockMeta {
  service: string;
  format: 1;
  spanCount: number;
  traceCount: number;
  /** Spans with statusCode = 2. */
  errorCount: number;
  /** Spans with httpStatusCode >= 500. */
  serverErrorCount: number;
  /** Spans without a parent. */
  rootCount: number;
  minStartUs: bigint;
  maxStartUs: bigint;
  /** max(startUs + ceil(durationNs / 1000)), never below maxStartUs. */
  maxEndUs: bigint;
  minDurationNs: bigint;
  maxDurationNs: bigint;
  /** Distinct span names, sorted by their UTF-8 bytes (C collation). */
  names: string[];
  /** Distinct resource fingerprints, ascending. */
  resourceFps: bigint[];
  /** trace-bloom.ts over the block's trace ids. */
  bloom: Buffer;
}

export interface BlockColumns {
  /**
   * The distinct trace ids in block order, not compressed: when all are 16 bytes (always, from
   * OTLP) simply their concatenation, so SQL can find one at a 16-byte boundary; otherwise each
   * preceded by its length as a varint.
   */
  traceIds: Buffer;
  ids: Buffer;
  times: Buffer;
  core: Buffer;
  attrs: Buffer;
  /** Events and links; null when no span has any. */
  extra: Buffer | null;
}

export interface EncodedBlock {
  meta: BlockMeta;
  columns: BlockColumns;
}

export const MAX_BLOCK_SPANS = 16_384;
