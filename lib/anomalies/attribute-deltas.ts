import { plainText } from "@/lib/traces/attribute-values";
import type { AnomalyChange } from "./schemas";

// Attribute deltas (HyperDX's event deltas, Honeycomb's BubbleUp): the attribute values that
// dominate an episode's bad spans (the outliers) and were rare in the baseline's (the inliers).
//
// No key is skipped for its cardinality: an id-like value can not reach half the outliers, and
// one that does (one tenant, one pod) is exactly the finding. A value must be on at least half
// the outliers, at least 3 of them, 30 points more often than before, with a two-proportion z of
// 3 or more, so a handful of slow spans or a small baseline never names a coincidence.

/** A span as the comparison sees it: its attributes (span, resource and promoted columns). */
export interface SampledSpan {
  attributes: Record<string, unknown>;
}

export interface AttributeDelta {
  key: string;
  value: string;
  /** Share of the outliers carrying the value, 0..1. */
  outlierShare: number;
  inlierShare: number;
  /** outlierShare - inlierShare. */
  delta: number;
  outlierCount: number;
  inlierCount: number;
  /** key=value pairs on exactly the same spans of both samples (a new version's pod), folded in. */
  sameSpans: string[];
}

export interface DeltaOptions {
  /** Least share of the outliers a value must be on (default 0.5: it explains most bad spans). */
  minOutlierShare?: number;
  /** Least outlierShare - inlierShare (default 0.3: a common value is not a change). */
  minDelta?: number;
  /** Least outliers a value must be on (default 3). */
  minSupport?: number;
  /** Least two-proportion z score (default 3). */
  minZ?: number;
  /** Least inliers to compare with (default 10): "0% before" of 3 spans says little. */
  minInliers?: number;
  /** Most deltas returned (default 5). */
  limit?: number;
  /** Keys left out (those restating the outcome, such as the status code of failing spans). */
  ignoreKeys?: readonly string[];
}

const DEFAULTS: Required<DeltaOptions> = {
  minOutlierShare: 0.5,
  minDelta: 0.3,
  minSupport: 3,
  minZ: 3,
  minInliers: 10,
  limit: 5,
  ignoreKeys: [],
};

/** Keys that name a release or a place: preferred when deltas tie (the version over its pod). */
const PREFERRED_KEYS = ["service.version", "cloud.region", "cloud.availability_zone", "deployment.environment.name"];

/** An attribute value as text: strings as they are, numbers and booleans as written, the rest as JSON. */
export function attributeText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return plainText(value);
}

/** Each key's values and how many spans carry each. */
type Counts = Map<string, Map<string, number>>;

function entriesOf(span: SampledSpan): [string, string][] {
  const attributes = span?.attributes;
  if (!attributes || typeof attributes !== "object") return [];
  const out: [string, string][] = [];
  for (const key of Object.keys(attributes)) {
    const text = attributeText(attributes[key]);
    if (text !== null) out.push([key, text]);
  }
  return out;
}

function countValues(spans: readonly SampledSpan[], ignore: ReadonlySet<string>): Counts {
  const counts: Counts = new Map();
  for (const span of spans)
    for (const [key, value] of entriesOf(span)) {
      if (ignore.has(key)) continue;
      let values = counts.get(key);
      if (!values) counts.set(key, (values = new Map()));
      values.set(value, (values.get(value) ?? 0) + 1);
    }
  return counts;
}

interface Candidate extends AttributeDelta {
  /** outlierCount × inliers - inlierCount × outliers: delta × both sizes, exact for ranking. */
  numerator: number;
  distinct: number;
}

function zScore(c1: number, n1: number, c2: number, n2: number): number {
  const p = (c1 + c2) / (n1 + n2);
  const spread = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  return spread === 0 ? 0 : (c1 / n1 - c2 / n2) / spread;
}

function candidatesOf(outliers: Counts, inliers: Counts, n1: number, n2: number, o: Required<DeltaOptions>) {
  const found: Candidate[] = [];
  const epsilon = 1e-9;
  for (const [key, values] of outliers) {
    const before = inliers.get(key);
    let distinct = 0;
    for (const [value, outlierCount] of values) {
      const inlierCount = before?.get(value) ?? 0;
      const outlierShare = outlierCount / n1;
      const inlierShare = inlierCount / n2;
      if (outlierCount < o.minSupport || outlierShare < o.minOutlierShare - epsilon) continue;
      if (outlierShare - inlierShare < o.minDelta - epsilon) continue;
      if (zScore(outlierCount, n1, inlierCount, n2) < o.minZ) continue;
      distinct ||= new Set([...values.keys(), ...(before?.keys() ?? [])]).size;
      const numerator = outlierCount * n2 - inlierCount * n1;
      const delta = outlierShare - inlierShare;
      found.push({
        key,
        value,
        outlierShare,
        inlierShare,
        delta,
        outlierCount,
        inlierCount,
        sameSpans: [],
        numerator,
        distinct,
      });
    }
  }
  return found;
}

const preference = (key: string) => {
  const at = PREFERRED_KEYS.indexOf(key);
  return at < 0 ? PREFERRED_KEYS.length : at;
};
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Best first: larger delta, larger outlier share, a preferred key, fewer values, then by key and value. */
function compare(a: Candidate, b: Candidate): number {
  return (
    b.numerator - a.numerator ||
    b.outlierCount - a.outlierCount ||
    preference(a.key) - preference(b.key) ||
    a.distinct - b.distinct ||
    byCodeUnits(a.key, b.key) ||
    byCodeUnits(a.value, b.value)
  );
}

/** The indexes of the spans carrying each candidate's value, outliers then inliers (offset by n1). */
function spansOf(candidates: Candidate[], outliers: readonly SampledSpan[], inliers: readonly SampledSpan[]) {
  const byKey = new Map<string, Map<string, number[]>>();
  for (const c of candidates) {
    if (!byKey.has(c.key)) byKey.set(c.key, new Map());
    byKey.get(c.key)!.set(c.value, []);
  }
  [...outliers, ...inliers].forEach((span, index) => {
    for (const [key, value] of entriesOf(span)) byKey.get(key)?.get(value)?.push(index);
  });
  return candidates.map((c) => byKey.get(c.key)!.get(c.value)!);
}

const sameIndexes = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Candidates on exactly the same spans as a better one are folded into it. */
function fold(ranked: Candidate[], outliers: readonly SampledSpan[], inliers: readonly SampledSpan[], limit: number) {
  const spans = spansOf(ranked, outliers, inliers);
  const kept: number[] = [];
  ranked.forEach((candidate, i) => {
    const twin = kept.find((k) => sameIndexes(spans[k], spans[i]));
    if (twin === undefined) {
      if (kept.length < limit) kept.push(i);
    } else if (ranked[twin].sameSpans.length < limit)
      ranked[twin].sameSpans.push(`${candidate.key}=${candidate.value}`);
  });
  return kept.map((i) => ranked[i]);
}

/**
 * The attribute values over-represented in the outliers against the inliers, best first, at
 * most `limit`. Deterministic: the same samples give the same list in the same order.
 */
export function attributeDeltas(
  outliers: readonly SampledSpan[],
  inliers: readonly SampledSpan[],
  options: DeltaOptions = {},
): AttributeDelta[] {
  const o = { ...DEFAULTS, ...options };
  if (outliers.length === 0 || inliers.length < Math.max(1, o.minInliers)) return [];
  const ignore = new Set(o.ignoreKeys);
  const candidates = candidatesOf(
    countValues(outliers, ignore),
    countValues(inliers, ignore),
    outliers.length,
    inliers.length,
    o,
  ).sort(compare);
  return fold(candidates, outliers, inliers, Math.max(0, o.limit)).map(
    ({ numerator: _n, distinct: _d, ...delta }) => delta,
  );
}

/** Which spans the outliers are, in a summary: "in 100% of slow spans". */
export type OutlierKind = "errors" | "latency" | "requests";
const NOUNS: Record<OutlierKind, string> = {
  errors: "failing spans",
  latency: "slow spans",
  requests: "spans during the episode",
};

/** Attribute evidence ranks below a deploy or a drift that names its cause: at most 0.8. */
const MAX_SCORE = 0.8;
/** Longest key or value kept in a change (a 10k-character value would swamp the page). */
const MAX_TEXT = 200;

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text jsonb can store (no NUL, no lone surrogate), cut to MAX_TEXT without splitting a pair. */
export function changeText(text: string): string {
  let cut = text;
  if (cut.length > MAX_TEXT) {
    const end = /[\uD800-\uDBFF]/.test(cut[MAX_TEXT - 1]) ? MAX_TEXT - 1 : MAX_TEXT;
    cut = `${cut.slice(0, end)}…`;
  }
  return cut.replace(UNSTORABLE, "\uFFFD");
}

/** A share as a whole percentage that never rounds a partial share to 0% or 100%. */
export function percent(share: number): string {
  const rounded = Math.round(share * 100);
  if (share > 0 && rounded === 0) return "<1%";
  if (share < 1 && rounded === 100) return ">99%";
  return `${rounded}%`;
}

/** The deltas as "what changed" entries, ranked 1.. in their order; score 0.8 × delta. */
export function deltaChanges(
  deltas: readonly AttributeDelta[],
  sample: { kind: OutlierKind; outliers: number; inliers: number },
): AnomalyChange[] {
  return deltas.map((d, index) => {
    const key = changeText(d.key);
    const value = changeText(d.value);
    return {
      kind: "attribute",
      rank: index + 1,
      summary: `${key}=${value} in ${percent(d.outlierShare)} of ${NOUNS[sample.kind]}, ${percent(d.inlierShare)} before`,
      score: Math.round(MAX_SCORE * Math.min(1, Math.max(0, d.delta)) * 1000) / 1000,
      key,
      value,
      outlierShare: d.outlierShare,
      inlierShare: d.inlierShare,
      delta: d.delta,
      outliers: sample.outliers,
      inliers: sample.inliers,
      sameSpans: d.sameSpans.map(changeText),
    };
  });
}
