import type { Sli } from "@/lib/slo/schemas";
import type { SliMapping } from "./findings";

// Prometheus (or any other) queries can not run in Vigil: each foreign SLI becomes the Vigil SLI it
// most plainly means, read from the service's entry spans, and the mapping is shown to people. The
// rules are few and stated in `how`; anything else needs an explicit `vigil.dev/sli`.

type SliScope = {
  service: string;
  operation: string | null;
  environment: string | null;
  feature: string | null;
};

export type Queries = { good?: string; bad?: string; total?: string; errorRatio?: string; threshold?: string };

export type Mapped = { sli: Sli; how: string } | { error: string };

/** `availability:error-status`, `availability:http-5xx` or `latency:<ms>ms`: the text form of a Vigil SLI. */
export function formatSli(sli: Sli): string {
  return sli.type === "availability" ? `availability:${sli.errorWhen}` : `latency:${sli.thresholdMs}ms`;
}

/** Reads `availability`, `availability:http-5xx`, `latency:300ms`, `latency:0.3s` or `latency:300` (ms). */
export function parseSli(text: string): Sli | null {
  const value = text.trim();
  if (value === "availability" || value === "availability:error-status")
    return { type: "availability", errorWhen: "error-status" };
  if (value === "availability:http-5xx") return { type: "availability", errorWhen: "http-5xx" };
  const latency = /^latency:(\d{1,7}(?:\.\d{1,20})?)(ms|s)?$/.exec(value);
  if (!latency) return null;
  const amount = Number(latency[1]);
  const thresholdMs = latency[2] === "s" ? Number((amount * 1000).toPrecision(12)) : amount;
  return thresholdMs > 0 && thresholdMs <= 3_600_000 ? { type: "latency", thresholdMs } : null;
}

export const SLI_FORMS =
  "availability, availability:error-status, availability:http-5xx or latency:<ms>ms (e.g. latency:300ms)";

const roundMs = (ms: number) => Math.round(ms * 1000) / 1000;

export function describeSli(sli: Sli, scope: SliScope): string {
  const parts = [`service ${scope.service}`];
  if (scope.operation) parts.push(`operation ${scope.operation}`);
  if (scope.environment) parts.push(`environment ${scope.environment}`);
  if (scope.feature) parts.push(`feature ${scope.feature}`);
  const spans = `entry spans of ${parts.join(", ")}`;
  if (sli.type === "latency") return `latency of ${spans}: share faster than ${sli.thresholdMs} ms`;
  const errors = sli.errorWhen === "http-5xx" ? "HTTP status 500 or more" : "error status";
  return `availability of ${spans} (errors = ${errors})`;
}

export function describeQueries(queries: Queries): string {
  const named = Object.entries(queries).filter(([, text]) => text !== undefined);
  if (named.length === 1) return named[0]![1]!;
  return named.map(([name, text]) => `${name}: ${text}`).join("; ");
}

const CODE_MATCHER =
  /\b(?:code|status|status_code|http_status|http_status_code|response_code|statuscode)\s*(=~|!~|!=|=)\s*"([^"]*)"/gi;
const FIVE_XX = /5\.\.|5xx|5\d\d|5\[0-9\]|5\\d|\^5/i;
const BUCKET = /([a-zA-Z_:][a-zA-Z0-9_:]*)_bucket\s*\{[^}]*\ble\s*=\s*"([^"]+)"/;

/** The threshold of a histogram bucket query (`..._seconds_bucket{le="0.3"}` → 300 ms), if it is one. */
function bucketThreshold(text: string): { ms: number; how: string } | { error: string } | null {
  const match = BUCKET.exec(text);
  if (!match) return null;
  const [, metric = "", le = ""] = match;
  const bound = Number(le);
  if (!Number.isFinite(bound) || bound <= 0) return { error: `the bucket bound le="${le}" is not a latency threshold` };
  const inMs = /_(milliseconds|ms)$/.test(metric);
  const ms = roundMs(inMs ? bound : bound * 1000);
  if (ms < 0.001 || ms > 3_600_000) return { error: `the bucket bound le="${le}" is outside 0.001 ms to 1 hour` };
  const how = `a histogram bucket query (le="${le}"${inMs ? ", in milliseconds" : ", in seconds"}) is a latency SLI; the threshold is ${ms} ms`;
  return { ms, how };
}

/** Errors counted on HTTP 5xx when a query matches 5xx codes as bad (or excludes them from good). */
function errorWhen(queries: Queries): { errorWhen: "http-5xx" | "error-status"; how: string } {
  const bad = [queries.bad, queries.errorRatio].filter((text): text is string => text !== undefined);
  const good = [queries.good, queries.total].filter((text): text is string => text !== undefined);
  const matchers = (texts: string[]) => texts.flatMap((text) => [...text.matchAll(CODE_MATCHER)]);
  const badFiveXx = matchers(bad).find((m) => (m[1] === "=~" || m[1] === "=") && FIVE_XX.test(m[2] ?? ""));
  const goodExcludes = matchers(good).find((m) => (m[1] === "!~" || m[1] === "!=") && FIVE_XX.test(m[2] ?? ""));
  const goodOnlyLow = matchers(queries.good ? [queries.good] : []).find(
    (m) => (m[1] === "=~" || m[1] === "=") && /[1-4](xx|\.\.)/i.test(m[2] ?? "") && !/5/.test(m[2] ?? ""),
  );
  const found = badFiveXx ?? goodExcludes ?? goodOnlyLow;
  if (found) {
    const others =
      found === badFiveXx && /4\d\d|4\.\.|4xx/i.test(found[2] ?? "")
        ? "; 4xx codes in the pattern (such as 429) are not errors in Vigil"
        : "";
    return {
      errorWhen: "http-5xx",
      how: `the query matches HTTP codes (${found[0]}), so an entry span is bad when its HTTP status is 500 or more${others}`,
    };
  }
  return {
    errorWhen: "error-status",
    how: "the query names no 5xx code pattern, so an entry span is bad when its status is error",
  };
}

/** Maps foreign queries: a histogram bucket is latency, any other good/bad/total or error ratio is availability. */
export function mapQueries(queries: Queries): Mapped {
  for (const text of Object.values(queries)) {
    if (text === undefined) continue;
    const bucket = bucketThreshold(text);
    if (bucket && "error" in bucket) return bucket;
    if (bucket) return { sli: { type: "latency", thresholdMs: bucket.ms }, how: bucket.how };
  }
  const errors = errorWhen(queries);
  return {
    sli: { type: "availability", errorWhen: errors.errorWhen },
    how: `the queries count failing events over all events, which Vigil reads as availability; ${errors.how}`,
  };
}

export function toMapping(from: string, sli: Sli, scope: SliScope, how: string): SliMapping {
  return { from, to: describeSli(sli, scope), how };
}
