import { z } from "zod";
import { decimal, integer, oneOf, text } from "@/lib/validation";

// An SLO as people write it (API, UI, OpenSLO and Sloth specs all end here): what is measured on a
// service's entry spans, the promise, the window the promise is kept over, how the budget is
// counted, and how it alerts. Names follow OpenSLO's metadata.name (a DNS label), so every SLO
// exports as a valid OpenSLO document.

/** Rolling windows of 7, 28 or 30 days, or the calendar week (ISO, from Monday) or month, in UTC. */
export const SLO_WINDOWS = ["7d", "28d", "30d", "1w", "1M"] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];

/** OpenSLO's budgeting methods. */
export const BUDGETING_METHODS = ["Occurrences", "Timeslices", "RatioTimeslices"] as const;
export type BudgetingMethod = (typeof BUDGETING_METHODS)[number];

/** What makes an entry span bad for availability: its error status, or an HTTP status of 500 or more. */
export const AVAILABILITY_ERRORS = ["error-status", "http-5xx"] as const;

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const SloName = text(63, 1).refine(
  (value) => NAME.test(value),
  "must be lower-case letters, digits and '-', starting and ending with a letter or digit (a DNS label)",
);

const labels = z
  .record(
    text(63, 1).refine((key) => LABEL_KEY.test(key), "must be a label name: letters, digits and '_'"),
    text(500),
    { error: "must be an object of text labels" },
  )
  .refine((value) => Object.keys(value).length <= 32, "must have at most 32 labels")
  .default({});

const Sli = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("availability"), errorWhen: oneOf(AVAILABILITY_ERRORS).default("error-status") }),
    z.object({ type: z.literal("latency"), thresholdMs: decimal(0.001, 3_600_000) }),
  ],
  { error: "must be { type: 'availability' } or { type: 'latency', thresholdMs }" },
);
export type Sli = z.output<typeof Sli>;

const severityAlert = z
  .object({ enabled: z.boolean({ error: "must be true or false" }).default(true), labels, annotations: labels })
  .default({ enabled: true, labels: {}, annotations: {} });

const Alerting = z
  .object({
    name: text(200, 1).nullable().default(null),
    labels,
    annotations: labels,
    page: severityAlert,
    ticket: severityAlert,
  })
  .default({
    name: null,
    labels: {},
    annotations: {},
    page: { enabled: true, labels: {}, annotations: {} },
    ticket: { enabled: true, labels: {}, annotations: {} },
  });

/** The objective as a percentage, strictly between 0 and 100: 100% leaves no budget, 0% promises nothing. */
const objectivePercent = decimal(0, 100).refine((value) => value > 0 && value < 100, "must be above 0 and below 100");

const TimeSlice = z.object({
  /** Timeslices: a slice is good when its ratio of good events reaches this. */
  targetPercent: objectivePercent.optional(),
  windowMinutes: integer(1, 60),
});

export const SloInput = z
  .object({
    name: SloName,
    displayName: text(200).nullable().default(null),
    description: text(1000).nullable().default(null),
    service: text(200, 1),
    operation: text(500, 1).nullable().default(null),
    environment: text(200, 1).nullable().default(null),
    feature: text(200, 1).nullable().default(null),
    sli: Sli,
    objectivePercent,
    window: oneOf(SLO_WINDOWS),
    budgetingMethod: oneOf(BUDGETING_METHODS).default("Occurrences"),
    timeSlice: TimeSlice.nullable().default(null),
    alerting: Alerting,
    labels,
  })
  .superRefine((slo, ctx) => {
    // Entry requests per feature are kept without operation or latency histograms (feature_usage_minute).
    if (slo.feature !== null && slo.operation !== null)
      ctx.addIssue({ code: "custom", path: ["feature"], message: "can not be combined with operation: scope by one" });
    if (slo.feature !== null && slo.sli.type === "latency")
      ctx.addIssue({
        code: "custom",
        path: ["feature"],
        message: "is for availability SLIs: latency is kept per operation, not per feature",
      });
    if (slo.budgetingMethod === "Occurrences") return;
    if (!slo.timeSlice)
      ctx.addIssue({ code: "custom", path: ["timeSlice"], message: `is required for ${slo.budgetingMethod}` });
    else if (slo.budgetingMethod === "Timeslices" && slo.timeSlice.targetPercent === undefined)
      ctx.addIssue({ code: "custom", path: ["timeSlice", "targetPercent"], message: "is required for Timeslices" });
  });
export type SloInput = z.input<typeof SloInput>;
export type SloDefinition = z.output<typeof SloInput>;
