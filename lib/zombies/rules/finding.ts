/** What a rule returns: the finding with its evidence as numbers over a stated time range. */

export const RULE_IDS = [
  "idle-compute",
  "no-traffic",
  "idle-environment",
  "unattached-volume",
  "unassociated-ip",
  "idle-load-balancer",
  "idle-database",
  "stopped-instance",
  "old-snapshot",
  "expired",
  "unused-commitment",
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export type Comparison = "lt" | "lte" | "gt" | "gte";

/** A half-open UTC range: `from` inclusive, `to` exclusive (days as YYYY-MM-DD, instants as ISO). */
export interface TimeRange {
  from: string;
  to: string;
}

/** One measured thing behind a finding: the number, what it was compared with, and over when. */
export interface EvidenceItem {
  /** A metric name, "entry-requests", "deployments", "attachments", "tag:expires", "utilisation-percent:USD"… */
  name: string;
  /** The figure that decided: an aggregate, a count, a fact, a date; money as an exact decimal string. */
  value: number | string | boolean | null;
  unit?: string;
  op?: Comparison | "eq";
  threshold?: number | string;
  window?: TimeRange;
  /** The day-by-day values the figure came from; null marks a day with no data. */
  days?: Array<{ day: string; value: number | null }>;
  matchedDays?: number;
  requiredDays?: number;
}

/**
 * high: every input the rule needs was there for the whole window. medium: the rule matched but
 * some input was missing or filled in (missing days, no deployment data, a duration tag).
 * low: it matched on less than half the window's data.
 */
export type Confidence = "high" | "medium" | "low";

export interface Finding {
  rule: RuleId;
  resourceKey: string;
  confidence: Confidence;
  /** Why that confidence, in a phrase. */
  confidenceReason: string;
  /** One sentence a person reads in the queue. */
  summary: string;
  evidence: EvidenceItem[];
  /** The window the evidence covers. */
  window: TimeRange;
  /** Inputs the rule ignored and why (a malformed tag, a NaN metric value). */
  notes: string[];
}
