// Whether a service's traffic changed between a baseline and the hours around a drift: rate,
// errors and p95 latency from the rollups, each judged only with enough requests to mean something.

/** Requests, errors and p95 latency over a number of whole hours. */
export interface RedWindow {
  hours: number;
  requests: number;
  errors: number;
  p95Ms: number | null;
}

export interface RedShift {
  service: string;
  /** The drifted resource serves it (from the cost allocation), rather than it merely changing then. */
  related: boolean;
  baseline: RedWindow;
  around: RedWindow;
  /** Readable findings, strongest first: "error rate 0.40% → 5.10%". */
  findings: string[];
  /** How far the strongest signal moved (a ratio ≥ 1; higher is a bigger change), for ranking. */
  strength: number;
}

/** Fewer requests than this in either window say nothing about a change. */
export const MIN_REQUESTS = 50;
const RATE_RATIO = 1.5;
const LATENCY_RATIO = 1.25;
const LATENCY_MIN_MS = 5;
const ERROR_POINTS = 0.01;
const ERROR_RATIO = 2;

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;
const ms = (value: number) => (value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);
const ratioOf = (a: number, b: number) => Math.max(a, b) / Math.max(Math.min(a, b), Number.MIN_VALUE);

function rateFinding(baseline: RedWindow, around: RedWindow) {
  const before = baseline.requests / baseline.hours;
  const after = around.requests / around.hours;
  const ratio = ratioOf(before, after);
  if (ratio < RATE_RATIO) return null;
  return { ratio, text: `requests ${Math.round(before)}/h → ${Math.round(after)}/h` };
}

function errorFinding(baseline: RedWindow, around: RedWindow) {
  const before = baseline.errors / baseline.requests;
  const after = around.errors / around.requests;
  if (Math.abs(after - before) < ERROR_POINTS) return null;
  // With no errors before, a rise of a point is itself the change: rank it as a doubling per point.
  const ratio = before > 0 && after > 0 ? ratioOf(before, after) : ERROR_RATIO * Math.abs(after - before) * 100;
  if (ratio < ERROR_RATIO) return null;
  return { ratio, text: `error rate ${percent(before)} → ${percent(after)}` };
}

function latencyFinding(baseline: RedWindow, around: RedWindow) {
  if (baseline.p95Ms === null || around.p95Ms === null) return null;
  if (Math.abs(around.p95Ms - baseline.p95Ms) < LATENCY_MIN_MS) return null;
  const ratio = ratioOf(baseline.p95Ms, around.p95Ms);
  if (ratio < LATENCY_RATIO) return null;
  return { ratio, text: `p95 ${ms(baseline.p95Ms)} → ${ms(around.p95Ms)}` };
}

/** Null when the service's traffic did not measurably change, or there was too little of it. */
export function redShift(service: string, related: boolean, baseline: RedWindow, around: RedWindow): RedShift | null {
  if (baseline.hours <= 0 || around.hours <= 0) return null;
  if (baseline.requests < MIN_REQUESTS && around.requests < MIN_REQUESTS) return null;
  const rate = rateFinding(baseline, around);
  // Traffic that appeared or vanished is the whole story: its errors and latency have no baseline.
  const judged = baseline.requests >= MIN_REQUESTS && around.requests >= MIN_REQUESTS;
  const found = [rate, judged ? errorFinding(baseline, around) : null, judged ? latencyFinding(baseline, around) : null]
    .filter((finding) => finding !== null)
    .sort((a, b) => b.ratio - a.ratio);
  if (found.length === 0) return null;
  return {
    service,
    related,
    baseline,
    around,
    findings: found.map((finding) => finding.text),
    strength: Math.min(found[0].ratio, 1e6),
  };
}

/** Related services first, then the biggest change; at most `limit`. */
export function rankShifts(shifts: readonly RedShift[], limit: number): RedShift[] {
  return [...shifts]
    .sort(
      (a, b) => Number(b.related) - Number(a.related) || b.strength - a.strength || a.service.localeCompare(b.service),
    )
    .slice(0, limit);
}
