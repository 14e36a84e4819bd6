import type { Ctx } from "@/lib/context";
import { ingestMetrics } from "@/lib/metrics/ingest-metrics";
import type { MetricIngestResult } from "@/lib/metrics/metric-batch";
import { withSpan } from "@/lib/telemetry";
import type { Encoding } from "./decode-body";
import { HttpFailure, RPC } from "./http-body";
import { decodeMetricsBody } from "./metrics-decode";

/** A POST /v1/metrics body decoded and stored; the store unavailable is a 503 to retry. */
export async function ingestMetricsBody(
  ctx: Ctx,
  body: Buffer,
  as: Encoding,
  retentionDays: number,
): Promise<MetricIngestResult> {
  const batch = decodeMetricsBody(body, as, retentionDays, Date.now());
  try {
    return await withSpan("otlp metrics ingest", { "vigil.data_points": batch.points.length }, () =>
      ingestMetrics(ctx, batch),
    );
  } catch (err) {
    console.error("storing metric points failed", err);
    throw new HttpFailure(
      503,
      RPC.UNAVAILABLE,
      "metric points could not be stored just now; nothing from this request was kept, retry",
      { "retry-after": "5" },
    );
  }
}
