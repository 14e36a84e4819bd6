// The rules every decoder (JSON, protobuf, the WebAssembly writer's hand-backs) applies to a
// span before it is stored: what makes it invalid, the time window, and how rejections are told.

/** The times the receiver takes spans in: [now - retention, now + 1 day]. */
export interface TimeWindow {
  oldestNs: bigint;
  newestNs: bigint;
}

/** The largest nanosecond time PostgreSQL stores (bigint durations, microsecond timestamps). */
const MAX_NS = 2n ** 63n - 1n;
export const EVERY_TIME: TimeWindow = { oldestNs: 0n, newestNs: MAX_NS };

export const END_TOO_LATE = "endTimeUnixNano is more than a day in the future";

/**
 * Where a valid span falls against the window: "old" or "new" (counted, left out), "end" (it
 * ends after the window: rejected, so that a duration is at most the window's length), or null.
 */
export function outsideWindow(startNs: bigint, endNs: bigint, window: TimeWindow): "old" | "new" | "end" | null {
  if (startNs < window.oldestNs) return "old";
  if (startNs > window.newestNs) return "new";
  return endNs > window.newestNs ? "end" : null;
}

const MAX_REASONS = 5;

function validId(hex: string | null, length: number): hex is string {
  return hex !== null && hex.length === length && !/^0+$/.test(hex);
}

/** The first few reasons for rejected spans, for the partial-success message. */
export class Rejections {
  count = 0;
  readonly reasons: string[] = [];
  reject(r: number, s: number, i: number, why: string): void {
    this.count += 1;
    if (this.reasons.length < MAX_REASONS)
      this.reasons.push(`resourceSpans[${r}].scopeSpans[${s}].spans[${i}]: ${why}`);
  }
}

/**
 * Why a span can not be stored, or null: the checks every decoder applies, in this order.
 * Ids are lowercase hex or null (absent), "invalid" for JSON ids that are not hex.
 */
export function invalidSpan(
  traceId: string | null,
  spanId: string | null,
  parentHex: string | null,
  startNs: bigint | null,
  endNs: bigint | null,
  kind: number,
  statusCode: number,
): string | null {
  if (!validId(traceId, 32)) return "traceId must be 16 bytes (32 hex digits), not all zero";
  if (!validId(spanId, 16)) return "spanId must be 8 bytes (16 hex digits), not all zero";
  if (parentHex && parentHex !== "" && !validId(parentHex, 16)) return "parentSpanId must be empty or 8 bytes";
  if (!startNs || startNs <= 0n) return "startTimeUnixNano is missing";
  if (startNs > MAX_NS) return "startTimeUnixNano is past 2262, beyond what can be stored";
  if (endNs === null || endNs < startNs) return "endTimeUnixNano is before startTimeUnixNano";
  if (endNs > MAX_NS) return "endTimeUnixNano is past 2262, beyond what can be stored";
  if (!Number.isInteger(kind) || kind < 0 || kind > 5) return "kind must be an integer from 0 to 5";
  if (!Number.isInteger(statusCode) || statusCode < 0 || statusCode > 2) return "status.code must be 0, 1 or 2";
  return null;
}
