import { authorize, type Ctx } from "../context";
import { attributeKeys, registerAttributeKeys } from "./attribute-keys";
import { encodeSpans } from "./encode-spans";
import { ingestSpans } from "./ingest-spans";
import type { IngestResult } from "./span-batch";
import type { SpanRecord } from "./span-record";

/**
 * Stores spans built in Vigil (the demo's) or decoded as records. Attribute keys first seen get
 * their ids before the spans are written again, so the stored spans name them by id.
 */
export async function ingestSpanRecords(ctx: Ctx, spans: SpanRecord[]): Promise<IngestResult> {
  authorize(ctx, "ingest:traces");
  const keys = attributeKeys();
  let batch = encodeSpans(spans, keys);
  if (batch.newKeys.size > 0) {
    await registerAttributeKeys(ctx, batch.newKeys);
    batch = encodeSpans(spans, keys);
  }
  return ingestSpans(ctx, batch);
}
