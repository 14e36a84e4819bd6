import { z } from "zod";
import { blankAsUnset, cursor, oneOf, pageLimit, text, timestamp } from "../validation";

// The anomaly domain's records and the inputs of its API: the list query and a triage change.

/** requests: rate; errors: error rate; latency: p95; cost: daily effective cost; metric: a watched OTLP metric. */
export const SERIES_NAMES = ["requests", "errors", "latency", "cost", "metric"] as const;
export type SeriesName = (typeof SERIES_NAMES)[number];

export const ANOMALY_STATUSES = ["open", "acknowledged", "investigating", "resolved", "false_positive"] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

/** Statuses a person still has to act on: listed first, and counted as open on the pages. */
export const ACTIVE_STATUSES: readonly AnomalyStatus[] = ["open", "acknowledged", "investigating"];

export const CHANGE_KINDS = ["deployment", "drift", "attribute", "origin", "cost"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One thing that changed before an episode, with the evidence behind it; rank 1 is the likeliest. */
export interface AnomalyChange {
  kind: ChangeKind;
  rank: number;
  summary: string;
  /** 0..1: how strongly the evidence ties it to the episode (ranking only). */
  score: number;
  /** Where to look: a trace, a deployment, a drift record or a service. */
  href?: string;
  [evidence: string]: unknown;
}

export const encodeStart = (start: Date, id: string) =>
  Buffer.from(`${start.toISOString()}|${id}`).toString("base64url");
const decodeStart = (value: string): { start: Date; id: string } | null => {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(
    Buffer.from(value, "base64url").toString("utf8"),
  );
  return match ? { start: new Date(match[1]), id: match[2] } : null;
};

export const ListAnomaliesInput = z
  .object({
    status: z.preprocess(blankAsUnset, oneOf([...ANOMALY_STATUSES, "active", "all"]).default("all")),
    service: z.preprocess(blankAsUnset, text(200, 1).optional()),
    series: z.preprocess(blankAsUnset, oneOf(SERIES_NAMES).optional()),
    from: z.preprocess(blankAsUnset, timestamp().optional()),
    to: z.preprocess(blankAsUnset, timestamp().optional()),
    limit: z.preprocess(blankAsUnset, pageLimit()),
    cursor: z.preprocess(blankAsUnset, cursor(decodeStart).optional()),
  })
  .refine((input) => !input.from || !input.to || Date.parse(input.from) < Date.parse(input.to), {
    error: "from must be before to",
    path: ["from"],
  });
export type ListAnomaliesInput = z.input<typeof ListAnomaliesInput>;

export const TriageInput = z
  .object({
    status: oneOf(ANOMALY_STATUSES).optional().describe("The new state"),
    assignee: z
      .union([text(200, 1), z.null()])
      .optional()
      .describe("Who works on it (an email or a name); null unassigns"),
    comment: text(4000, 1).optional().describe("A note for the triage history"),
    traceId: z
      .string()
      .regex(/^[0-9a-f]{32}$/, "must be 32 lowercase hex digits")
      .optional()
      .describe("A trace that shows the problem, linked from the history"),
  })
  .strict()
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    error: "give a status, an assignee, a comment or a trace id",
  });
export type TriageInput = z.input<typeof TriageInput>;

export const SENSITIVITY_LEVELS = ["low", "medium", "high", "off"] as const;

export const SensitivityInput = z
  .object({
    service: text(200, 1).describe("The service, or * for every service without its own setting"),
    series: oneOf(SERIES_NAMES).describe("Which of the service's series (cost: its daily allocated cost)"),
    level: oneOf(SENSITIVITY_LEVELS).describe("low pages least; off stops scanning the series"),
  })
  .strict();
export type SensitivityInput = z.input<typeof SensitivityInput>;

/** At most this many metrics are watched: each is a series per service in every scan. */
export const MAX_WATCHED_METRICS = 200;

export const MetricWatchInput = z
  .object({
    metric: text(255, 1).describe("The OTLP metric's name, as the receiver stores it"),
    watch: z.boolean({ error: "must be true or false" }).default(true).describe("false stops watching it"),
  })
  .strict();
export type MetricWatchInput = z.input<typeof MetricWatchInput>;
