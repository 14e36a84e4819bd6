import type { SpanRecord } from "../traces/span-record";
import { paymentStatus, statement, verification, verificationStatus } from "./demo-flow-accounts";
import { cardPayment, instantTransfer } from "./demo-flow-payments";
import { countAround, rng } from "./demo-random";
import { DemoTrace } from "./demo-trace-builder";
import { loadAt, type Moment, momentOf, versionsAt } from "./demo-traffic";

/** One kind of request and how many arrive per minute at the weekday peak (loadAt scales it). */
export interface DemoFlow {
  key: string;
  peakPerMinute: number;
  build(trace: DemoTrace, start: number, moment: Moment): void;
}

// payments-api serves about 25 requests a minute at night and 250 at the weekday peak; every payment
// and transfer calls fraud-scoring and ledger and ends in a notification.
export const DEMO_FLOWS: DemoFlow[] = [
  { key: "card-payment", peakPerMinute: 140, build: cardPayment },
  { key: "instant-transfer", peakPerMinute: 50, build: instantTransfer },
  { key: "payment-status", peakPerMinute: 60, build: paymentStatus },
  { key: "verification", peakPerMinute: 9, build: verification },
  { key: "verification-status", peakPerMinute: 25, build: verificationStatus },
  { key: "statement", peakPerMinute: 4, build: statement },
];

const TWO_TO_56 = 2n ** 56n;

/**
 * The W3C tracestate of a trace kept by OpenTelemetry probability sampling at 1 in `oneIn` (a power
 * of two): the rejection threshold `ot=th:`, so the rollups count each kept span `oneIn` times.
 */
export function samplingTraceState(oneIn: number): string | null {
  if (oneIn <= 1) return null;
  const threshold = TWO_TO_56 - TWO_TO_56 / BigInt(oneIn);
  return `ot=th:${threshold.toString(16).padStart(14, "0").replace(/0+$/, "")}`;
}

/** One trace of a flow, built at `start` for a moment. */
export function demoTrace(
  flow: DemoFlow,
  random: () => number,
  start: number,
  moment: Moment,
  traceState: string | null,
) {
  const trace = new DemoTrace(random, versionsAt(moment), traceState);
  flow.build(trace, start, moment);
  return trace.spans;
}

/**
 * The traces that start in one minute (ms since epoch, minute-aligned), one in `oneIn` of them
 * kept as a head sampler would; the same for the same minute, sampling and `nowMs`.
 */
export function demoTracesForMinute(minuteMs: number, nowMs: number, oneIn = 1): SpanRecord[] {
  const random = rng(Math.floor(minuteMs / 60_000));
  const moment = momentOf(minuteMs, nowMs);
  const traceState = samplingTraceState(oneIn);
  const load = loadAt(minuteMs + 30_000);
  const spans: SpanRecord[] = [];
  for (const flow of DEMO_FLOWS) {
    const count = countAround(random, (flow.peakPerMinute * load) / oneIn);
    for (let i = 0; i < count; i++)
      spans.push(...demoTrace(flow, random, minuteMs + random() * 59_000, moment, traceState));
  }
  return spans;
}
