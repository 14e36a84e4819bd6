import { authorize, type Ctx } from "../context";
import { ingestSpanRecords } from "../traces/ingest-span-records";
import { rollupSpans } from "../traces/rollup-spans";
import type { SpanRecord } from "../traces/span-record";
import { withSpan } from "../telemetry";
import { demoTracesForMinute } from "./demo-traces-minute";

// Two days of traces for the demo platform (demo-traces-minute.ts), and a month of sparse ones before.

const DEMO_TRACE_HOURS = 48;
/** Days of sparse traces before the dense hours (the demo's month of cost lines needs them). */
const DEMO_TRACE_HISTORY_DAYS = 31;
const HISTORY_SAMPLE = 32;
/** OpenTelemetry probability sampling at 1/32: the rollups count each such span 32 times. */
const HISTORY_TRACE_STATE = "ot=th:f8";

export interface DemoTracesResult {
  spans: number;
  hours: number;
}

/**
 * Stores the demo's traces for the last `hours` through the same ingest verb as the OTLP receiver,
 * then rolls them up, so the service views have history at once. Re-running skips spans already
 * stored (their ids depend only on the minute).
 */
export async function loadDemoTraces(
  ctx: Ctx,
  nowMs: number = Date.now(),
  hours = DEMO_TRACE_HOURS,
  historyDays = DEMO_TRACE_HISTORY_DAYS,
): Promise<DemoTracesResult> {
  authorize(ctx, "demo:load");
  return withSpan("loadDemoTraces", { "vigil.hours": hours }, async () => {
    const end = Math.floor(nowMs / 60_000) * 60_000;
    const dense = end - hours * 3_600_000;
    const start = Math.min(dense, end - historyDays * 86_400_000);
    let batch: SpanRecord[] = [];
    let total = 0;
    for (let minute = start; minute < end; minute += 60_000) {
      // Before the dense hours, one minute in HISTORY_SAMPLE, marked as sampled at that rate, so
      // the month has realistic request counts (and shared costs a split) for a fraction of the spans.
      if (minute < dense) {
        if ((minute / 60_000) % HISTORY_SAMPLE !== 0) continue;
        batch.push(...demoTracesForMinute(minute, nowMs).map((span) => ({ ...span, traceState: HISTORY_TRACE_STATE })));
      } else {
        batch.push(...demoTracesForMinute(minute, nowMs));
      }
      if (batch.length >= 5_000) {
        total += batch.length;
        await ingestSpanRecords(ctx, batch);
        batch = [];
      }
    }
    total += batch.length;
    await ingestSpanRecords(ctx, batch);
    await rollupSpans(ctx, { from: new Date(start), to: new Date(end) });
    return { spans: total, hours };
  });
}
