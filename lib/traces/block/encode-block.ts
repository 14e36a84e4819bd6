// Encodes one block of spans of one service (1..16 384 rows, any order): spans grouped by trace,
// each column stored the way columnar engines store it, groups compressed separately so readers
// decompress only what they use. openBlock reads it back exactly.

import { type EncodedBlock, MAX_BLOCK_SPANS } from "@/lib/traces/block/block-types";
import { blockMeta } from "@/lib/traces/block/block-meta";
import { CORE_FIELDS, encodeDictionaryGroup, EXTRA_FIELDS } from "@/lib/traces/block/dictionary-group";
import { encodeAttributes } from "@/lib/traces/block/encode-attributes";
import { encodeIds } from "@/lib/traces/block/encode-ids";
import { encodeTimes } from "@/lib/traces/block/encode-times";
import { orderSpans } from "@/lib/traces/block/order-spans";
import type { SpanRow } from "@/lib/traces/block/span-row";

export type { BlockColumns, BlockMeta, EncodedBlock } from "@/lib/traces/block/block-types";

export function encodeBlock(rows: SpanRow[]): EncodedBlock {
  if (rows.length === 0 || rows.length > MAX_BLOCK_SPANS)
    throw new Error(`span block: ${rows.length} spans, a block holds 1 to ${MAX_BLOCK_SPANS}`);
  const service = rows[0].service;
  for (const row of rows)
    if (row.service !== service) throw new Error(`span block: spans of ${service} and ${row.service} in one block`);
  const ordered = orderSpans(rows);
  const hasExtra = ordered.rows.some((row) => row.events !== null || row.links !== null);
  const { traceIds, ids, key } = encodeIds(ordered, service, hasExtra);
  return {
    meta: blockMeta(ordered, service),
    columns: {
      traceIds,
      ids,
      times: encodeTimes(ordered, key),
      core: encodeDictionaryGroup(ordered.rows, CORE_FIELDS, key),
      attrs: encodeAttributes(ordered.rows, key),
      extra: hasExtra ? encodeDictionaryGroup(ordered.rows, EXTRA_FIELDS, key) : null,
    },
  };
}
