import { authorize, type Ctx } from "../context";
import { ingestSpanRecords } from "../traces/ingest-span-records";
import { rollupSpans } from "../traces/rollup-spans";
import type { SpanRecord } from "../traces/span-record";
import { withSpan } from "../telemetry";
import { demoHistory } from "./demo-history";
import { demoTracesForMinute } from "./demo-traces-minute";
import { momentOf } from "./demo-traffic";
import { storeDemoSlos } from "./demo-slos";
import { type DemoDeliveriesResult, storeDemoDeliveries } from "./store-demo-deliveries";
import { storeDemoHistory } from "./store-demo-history";

// The demo platform's traffic: the last day as raw spans, sampled as a production head sampler
// would (denser the more recent), rolled up by the same verb as received spans; the month before
// as hourly rollups only (demo-history.ts).

const DEMO_TRACE_HOURS = 24;
/** Days of hourly rollups before the raw spans (the demo's month of cost lines needs their requests). */
const DEMO_TRACE_HISTORY_DAYS = 31;
const HOUR_MS = 3_600_000;

/**
 * 1 in N traces kept, by age: every fourth in the last hour, then every 16th, then every 32nd, and
 * every fourth during fraud-scoring's error burst, as an adaptive sampler keeps more of an incident.
 */
const SAMPLING = [
  { withinHours: 1, oneIn: 4 },
  { withinHours: 6, oneIn: 16 },
  { withinHours: Number.POSITIVE_INFINITY, oneIn: 32 },
];
const INCIDENT_ONE_IN = 4;

function oneInAt(minuteMs: number, nowMs: number): number {
  if (momentOf(minuteMs, nowMs).inBurst) return INCIDENT_ONE_IN;
  const age = nowMs - minuteMs;
  return (SAMPLING.find((tier) => age < tier.withinHours * HOUR_MS) ?? SAMPLING[0]).oneIn;
}

export interface DemoTracesResult {
  spans: number;
  hours: number;
  historyRows: number;
  deliveries: DemoDeliveriesResult;
  /** Demo SLOs created (0 when they were there already). */
  slos: number;
}

/**
 * Stores the demo's traces for the last `hours` (from a whole hour) through the same ingest verb as
 * the OTLP receiver and rolls them up, and writes `historyDays` of hourly rollups before them.
 * Re-running stores no span twice (their ids depend only on the minute) and replaces the history.
 * The deliveries are stored here, with the same `nowMs`, so ledger's release and fraud-scoring's
 * incident fall at the very moments the spans show them.
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
    const rawStart = Math.floor((end - hours * HOUR_MS) / HOUR_MS) * HOUR_MS;
    const historyRows = await storeDemoHistory(demoHistory(rawStart - historyDays * 86_400_000, rawStart));
    let batch: SpanRecord[] = [];
    let total = 0;
    for (let minute = rawStart; minute < end; minute += 60_000) {
      batch.push(...demoTracesForMinute(minute, nowMs, oneInAt(minute, nowMs)));
      if (batch.length >= 5_000) {
        total += batch.length;
        await ingestSpanRecords(ctx, batch);
        batch = [];
      }
    }
    total += batch.length;
    await ingestSpanRecords(ctx, batch);
    await rollupSpans(ctx, { from: new Date(rawStart), to: new Date(end) });
    const deliveries = await storeDemoDeliveries(ctx, new Date(nowMs));
    const slos = await storeDemoSlos(ctx, nowMs);
    return { spans: total, hours, historyRows, deliveries, slos };
  });
}
