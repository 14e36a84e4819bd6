import fs from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";
import type { MetricBatch } from "@/lib/metrics/metric-batch";
import type { Encoding } from "./decode-body";
import { HttpFailure, RPC } from "./http-body";
import { metricPoints, UndecodableMetrics } from "./metrics-points";

// OTLP metrics bodies decoded by protobufjs from the official messages (metrics.proto), or
// parsed as OTLP JSON, then read into validated points; and the receiver's answers.

const root = protobuf.parse(fs.readFileSync(path.join(import.meta.dirname, "metrics.proto"), "utf8"), {
  keepCase: false,
}).root;
lenientStrings(root.resolveAll());

/**
 * proto3 strings are checked as UTF-8 and one bad byte would refuse the whole body; as in spans,
 * invalid UTF-8 is kept as U+FFFD instead (the decoders are generated at first use, after this).
 */
function lenientStrings(namespace: protobuf.NamespaceBase): void {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type)
      for (const field of nested.fieldsArray)
        if (field.type === "string")
          (field as unknown as { _features: Record<string, unknown> })._features.utf8_validation = "NONE";
    if (nested instanceof protobuf.Namespace) lenientStrings(nested);
  }
}
export const MetricsRequestType = root.lookupType("opentelemetry.proto.ExportMetricsServiceRequest");
export const MetricsResponseType = root.lookupType("opentelemetry.proto.ExportMetricsServiceResponse");

/**
 * Points older than the retention would be deleted at once; more than a day ahead is a clock
 * gone wrong.
 */
function window(retentionDays: number, now: number) {
  return {
    oldestNs: BigInt(now - retentionDays * 86_400_000) * 1_000_000n,
    newestNs: BigInt(now + 86_400_000) * 1_000_000n,
    retentionDays,
  };
}

function parse(body: Buffer, as: Encoding): unknown {
  if (as === "json") {
    try {
      return JSON.parse(body.toString("utf8"));
    } catch (err) {
      throw new UndecodableMetrics(`the body is not JSON: ${(err as Error).message}`);
    }
  }
  try {
    const message = MetricsRequestType.decode(body);
    return MetricsRequestType.toObject(message, { longs: String, enums: Number, bytes: String, defaults: false });
  } catch (err) {
    throw new UndecodableMetrics(`the body is not an OTLP ExportMetricsServiceRequest: ${(err as Error).message}`);
  }
}

/** The body's points; a body that can not be read at all is a 400 naming why. */
export function decodeMetricsBody(body: Buffer, as: Encoding, retentionDays: number, now: number): MetricBatch {
  try {
    return metricPoints(parse(body, as), window(retentionDays, now));
  } catch (err) {
    if (err instanceof UndecodableMetrics) throw new HttpFailure(400, RPC.INVALID_ARGUMENT, err.message);
    throw err;
  }
}

/** The OTLP success body, with partial_success when points were rejected. */
export function encodeMetricsResponse(rejected: number, reasons: string[], as: Encoding): Uint8Array | string {
  const errorMessage = reasons.join("; ");
  const partial = rejected > 0 || errorMessage ? { rejectedDataPoints: rejected, errorMessage } : undefined;
  if (as === "json")
    return JSON.stringify(partial ? { partialSuccess: { ...partial, rejectedDataPoints: String(rejected) } } : {});
  return MetricsResponseType.encode(MetricsResponseType.create(partial ? { partialSuccess: partial } : {})).finish();
}
