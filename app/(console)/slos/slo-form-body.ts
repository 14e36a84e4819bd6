import type { SloDefinition } from "@/lib/slo/schemas";

// The SLO form's values and the JSON body they become. Numbers go as the text typed: the API checks
// them (and says which field is wrong), so the form never rounds or guesses.

export interface SloFormValues {
  name: string;
  service: string;
  operation: string;
  environment: string;
  feature: string;
  sliType: "availability" | "latency";
  errorWhen: "error-status" | "http-5xx";
  thresholdMs: string;
  objectivePercent: string;
  window: SloDefinition["window"];
  budgetingMethod: SloDefinition["budgetingMethod"];
  sliceMinutes: string;
  sliceTarget: string;
  pageEnabled: boolean;
  ticketEnabled: boolean;
}

export type FormField = keyof SloFormValues | "form";
export type Errors = Partial<Record<FormField, string>>;
export type Set = <K extends keyof SloFormValues>(key: K, value: SloFormValues[K]) => void;

/** The form filled from an SLO, or the defaults of a new one. */
export function formValues(slo?: SloDefinition): SloFormValues {
  return {
    name: slo?.name ?? "",
    service: slo?.service ?? "",
    operation: slo?.operation ?? "",
    environment: slo?.environment ?? "",
    feature: slo?.feature ?? "",
    sliType: slo?.sli.type ?? "availability",
    errorWhen: slo?.sli.type === "availability" ? slo.sli.errorWhen : "error-status",
    thresholdMs: slo?.sli.type === "latency" ? String(slo.sli.thresholdMs) : "300",
    objectivePercent: slo ? String(slo.objectivePercent) : "99.9",
    window: slo?.window ?? "30d",
    budgetingMethod: slo?.budgetingMethod ?? "Occurrences",
    sliceMinutes: slo?.timeSlice ? String(slo.timeSlice.windowMinutes) : "5",
    sliceTarget: slo?.timeSlice?.targetPercent !== undefined ? String(slo.timeSlice.targetPercent) : "95",
    pageEnabled: slo?.alerting.page.enabled ?? true,
    ticketEnabled: slo?.alerting.ticket.enabled ?? true,
  };
}

const orNull = (value: string) => (value.trim() === "" ? null : value.trim());

function timeSlice(v: SloFormValues) {
  if (v.budgetingMethod === "Occurrences") return null;
  const windowMinutes = v.sliceMinutes.trim();
  return v.budgetingMethod === "Timeslices"
    ? { windowMinutes, targetPercent: v.sliceTarget.trim() }
    : { windowMinutes };
}

/**
 * The body of POST /api/v1/slos or PATCH /api/v1/slos/{id}. An edit keeps the alerts' labels and
 * annotations the form does not show (a PATCH replaces a field whole).
 */
export function sloBody(v: SloFormValues, alerting?: SloDefinition["alerting"]): Record<string, unknown> {
  return {
    name: v.name.trim(),
    service: v.service,
    operation: orNull(v.operation),
    environment: orNull(v.environment),
    feature: orNull(v.feature),
    sli:
      v.sliType === "latency"
        ? { type: "latency", thresholdMs: v.thresholdMs.trim() }
        : { type: "availability", errorWhen: v.errorWhen },
    objectivePercent: v.objectivePercent.trim(),
    window: v.window,
    budgetingMethod: v.budgetingMethod,
    timeSlice: timeSlice(v),
    alerting: {
      ...alerting,
      page: { ...alerting?.page, enabled: v.pageEnabled },
      ticket: { ...alerting?.ticket, enabled: v.ticketEnabled },
    },
  };
}

const FIELDS: Record<string, FormField> = {
  name: "name",
  service: "service",
  operation: "operation",
  environment: "environment",
  feature: "feature",
  sli: "sliType",
  "sli.type": "sliType",
  "sli.errorWhen": "errorWhen",
  "sli.thresholdMs": "thresholdMs",
  objectivePercent: "objectivePercent",
  window: "window",
  budgetingMethod: "budgetingMethod",
  timeSlice: "sliceMinutes",
  "timeSlice.windowMinutes": "sliceMinutes",
  "timeSlice.targetPercent": "sliceTarget",
  "alerting.page": "pageEnabled",
  "alerting.ticket": "ticketEnabled",
};

/** The form field an API error names (its `field`), or the form as a whole. */
export function fieldOf(apiField: unknown): FormField {
  if (typeof apiField !== "string") return "form";
  for (let path = apiField; path; path = path.slice(0, Math.max(path.lastIndexOf("."), 0)))
    if (Object.hasOwn(FIELDS, path)) return FIELDS[path];
  return "form";
}
