import { decodeJson } from "@/collectors/otlp/decode";
import type { Ctx } from "@/lib/context";
import { ingestSpanRecords } from "@/lib/traces/ingest-span-records";
import type { IngestResult } from "@/lib/traces/span-batch";

// Spans for lib's tests, stored as a client's are: an OTLP/JSON request read by the receiver's own
// decoder, then stored by lib's ingest verb (no INSERT of rows that would bypass either).

/** An OTLP/JSON ExportTraceServiceRequest, as JSON text, decoded and stored. */
export async function ingestOtlpJson(ctx: Ctx, json: string): Promise<IngestResult> {
  return ingestSpanRecords(ctx, decodeJson(json).spans);
}
