import type { AttributeKeys } from "@/lib/traces/attribute-keys";
import { encodeSpans, lateBeforeNs } from "@/lib/traces/encode-spans";
import type { SpanBatch } from "@/lib/traces/span-batch";
import { decodeJson, UndecodableError } from "./decode";
import { HttpFailure, RPC } from "./http-body";
import type { TimeWindow } from "./span-rules";
import { decodeProtobufCopy } from "./wire-copy";

export type Encoding = "protobuf" | "json";

/**
 * Spans outside [now - retention, now + 1 day] would land in partitions that do not belong; a
 * span ending after it is rejected, so a duration (and a rollup's sum of them) stays bounded.
 */
function retentionWindow(retentionDays: number, now: number): TimeWindow {
  return {
    oldestNs: BigInt(now - retentionDays * 86_400_000) * 1_000_000n,
    newestNs: BigInt(now + 86_400_000) * 1_000_000n,
  };
}

function retentionReasons(reasons: string[], tooOld: number, tooNew: number, retentionDays: number): string[] {
  const all = [...reasons];
  if (tooOld) all.push(`${tooOld} span(s) start before the ${retentionDays}-day retention window`);
  if (tooNew) all.push(`${tooNew} span(s) start more than a day in the future`);
  return all;
}

/**
 * An OTLP body as a span batch, attribute keys named by `keys`, received at `now`. Protobuf, the
 * hot path, is written straight into rows; JSON goes through the normaliser and lib's writer.
 */
export function decodeBody(
  body: Buffer,
  as: Encoding,
  keys: AttributeKeys,
  retentionDays: number,
  now: number,
): SpanBatch {
  const window = retentionWindow(retentionDays, now);
  const lateBefore = lateBeforeNs(now);
  try {
    const decoded = as === "protobuf" ? decodeProtobufCopy(body, keys, window, lateBefore) : decodeJson(body, window);
    const batch = "rows" in decoded ? decoded : encodeSpans(decoded.spans, keys, lateBefore);
    return {
      ...batch,
      rejected: decoded.rejected + decoded.tooOld + decoded.tooNew,
      reasons: retentionReasons(decoded.reasons, decoded.tooOld, decoded.tooNew, retentionDays),
    };
  } catch (err) {
    if (err instanceof UndecodableError) throw new HttpFailure(400, RPC.INVALID_ARGUMENT, err.message);
    throw err;
  }
}
