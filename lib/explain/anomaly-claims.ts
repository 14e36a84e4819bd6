import type { AnomalyChange } from "@/lib/anomalies/schemas";
import { claim, clip, type ExplanationClaim, minute, num, plural } from "./claims";

// An anomaly in a few sentences: what moved and by how much against its baseline, when, the
// likeliest "what changed" items (each citing its own record where it is evidence), and whether
// the series did this before.

export interface AnomalyFacts {
  id: string;
  service: string;
  series: string;
  scope: string;
  environment: string;
  start: string;
  peak: string;
  end: string | null;
  direction: "up" | "down";
  severity: string;
  score: number;
  observed: number;
  expected: number;
  status: string;
  assignee: string | null;
  changes: readonly AnomalyChange[];
  similar: readonly { id: string; start: string }[];
}

const TOP_CHANGES = 3;

const SERIES: Record<string, string> = {
  requests: "Request rate",
  errors: "Error rate",
  latency: "p95 latency",
  cost: "Daily cost",
};

export function seriesValue(series: string, value: number): string {
  if (!Number.isFinite(value)) return "unknown";
  if (series === "errors") return `${Number((value * 100).toPrecision(3))}%`;
  if (series === "latency") return `${num(value)} ms`;
  if (series === "cost") return `${value.toFixed(2)} a day`;
  return num(value);
}

function what(a: AnomalyFacts): string {
  const name = a.series === "metric" ? `Metric ${clip(a.scope, 120)}` : (SERIES[a.series] ?? clip(a.series, 40));
  const scope =
    a.series !== "metric" && a.scope ? ` (${a.series === "cost" ? "feature" : "operation"} ${clip(a.scope, 120)})` : "";
  const env = a.environment ? ` in ${clip(a.environment, 60)}` : "";
  return `${name}${scope} of ${clip(a.service, 120)}${env}`;
}

function ratio(a: AnomalyFacts): string {
  if (!(a.expected > 0) || !Number.isFinite(a.observed)) return "";
  const times = a.observed / a.expected;
  return times >= 1 ? `, ${num(times)} times the baseline` : `, ${num(times * 100)}% of the baseline`;
}

/** The evidence a "what changed" item stands on beyond the anomaly itself, when it is a record Vigil cites. */
export function changeEvidence(change: AnomalyChange): string | null {
  if (change.kind === "drift" && typeof change.driftId === "string") return `drift:${change.driftId}`;
  if (change.kind === "cost" && typeof change.resourceId === "string" && change.resourceId)
    return `bill:${change.resourceId}`;
  return null;
}

function changeClaims(a: AnomalyFacts, subject: string): ExplanationClaim[] {
  const top = [...a.changes].sort((x, y) => x.rank - y.rank).slice(0, TOP_CHANGES);
  if (top.length === 0)
    return [claim("Vigil found no deployment, drift, cost or attribute change tied to the episode.", subject)];
  return top.map((change, i) =>
    claim(
      `${i === 0 ? "The likeliest change" : `Change ${i + 1}`} (${clip(String(change.kind), 20)}): ${clip(String(change.summary ?? ""), 400)}.`,
      subject,
      changeEvidence(change),
    ),
  );
}

export function anomalyClaims(a: AnomalyFacts): ExplanationClaim[] {
  const subject = `anomaly:${a.id}`;
  const side = a.direction === "up" ? "above" : "below";
  const claims = [
    claim(
      `${what(a)} was ${side} usual: ${seriesValue(a.series, a.observed)} against an expected ${seriesValue(a.series, a.expected)}${ratio(a)}, peaking at ${minute(a.peak)} (${clip(a.severity, 20)}, score ${num(a.score)}).`,
      subject,
    ),
    claim(
      `It started at ${minute(a.start)} and ${a.end ? `ended at ${minute(a.end)}` : "has not ended"}; its status is ${clip(a.status, 30).replace("_", " ")}${a.assignee ? `, assigned to ${clip(a.assignee, 100)}` : ""}.`,
      subject,
    ),
    ...changeClaims(a, subject),
  ];
  if (a.similar.length > 0)
    claims.push(
      claim(
        `${a.service ? clip(a.service, 120) : "The service"} had ${plural(a.similar.length, "earlier episode")} of the same series, the latest from ${minute(a.similar[0].start)}.`,
        ...a.similar.slice(0, 5).map((s) => `anomaly:${s.id}`),
      ),
    );
  return claims;
}
