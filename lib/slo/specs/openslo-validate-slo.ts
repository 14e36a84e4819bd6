import type { Checker, Obj } from "./checker";
import { checkDnsLabel, checkDuration, checkExclusive, checkLength, checkOperator } from "./openslo-common";
import { checkInlineIndicator } from "./openslo-validate-sli";
import { checkInlinePolicy } from "./openslo-validate-alerts";
import type { FieldPath } from "./findings";

// OpenSLO v1 SLO specs, rule for rule as OpenSLO's go-sdk states them (what `oslo validate` runs):
// one indicator (inline or by reference), one time window, objectives whose fields depend on the
// indicator's kind and on the budgeting method.

const BUDGETING_METHODS = ["Occurrences", "Timeslices", "RatioTimeslices"];
const INDICATOR_RULE =
  "'indicator' or 'indicatorRef' fields must either be defined on the 'spec' level (standard SLOs)" +
  " or on the 'spec.objectives[*]' level (composite SLOs)";
const OBJECTIVE_FIELDS = [
  "displayName",
  "op",
  "value",
  "target",
  "targetPercent",
  "timeSliceTarget",
  "timeSliceWindow",
  "indicator",
  "indicatorRef",
  "compositeWeight",
];

export function checkSloSpec(c: Checker, value: unknown, path: FieldPath): void {
  if (value === undefined || value === null) return c.error(path, "property is required but was empty");
  const spec = c.obj(value, path);
  if (!spec) return;
  c.known(spec, path, [
    "description",
    "service",
    "indicator",
    "indicatorRef",
    "budgetingMethod",
    "timeWindow",
    "objectives",
    "alertPolicies",
  ]);
  const objectives = (c.list(spec, "objectives", path) ?? []).map(
    (item, i) => c.obj(item, [...path, "objectives", i]) ?? {},
  );
  checkIndicators(c, spec, objectives, path);
  c.string(spec, "description", path, { max: 1050 });
  c.string(spec, "service", path, { required: true });
  const method = c.string(spec, "budgetingMethod", path, { required: true });
  if (method !== undefined && !BUDGETING_METHODS.includes(method))
    c.error([...path, "budgetingMethod"], `must be one of: ${BUDGETING_METHODS.join(", ")}`, method);
  const windows = c.list(spec, "timeWindow", path);
  checkLength(c, windows, [...path, "timeWindow"], 1, 1);
  windows?.forEach((window, i) => checkTimeWindow(c, window, [...path, "timeWindow", i]));
  c.list(spec, "alertPolicies", path)?.forEach((policy, i) =>
    checkPolicyEntry(c, policy, [...path, "alertPolicies", i]),
  );
  const indicator = spec.indicator as Obj | undefined;
  const sliSpec = (indicator?.spec ?? {}) as Obj;
  objectives.forEach((objective, i) =>
    checkObjective(c, objective, [...path, "objectives", i], {
      method,
      ratio: sliSpec.ratioMetric != null,
      threshold: sliSpec.thresholdMetric != null,
    }),
  );
}

function checkIndicators(c: Checker, spec: Obj, objectives: Obj[], path: FieldPath): void {
  const composite = objectives.some((o) => o.indicator != null || o.indicatorRef != null);
  const standard = spec.indicator != null || spec.indicatorRef != null;
  if (!composite && !standard) c.error(path, `${INDICATOR_RULE}, but none were provided`);
  if (composite && standard) c.error(path, `${INDICATOR_RULE}, but not both`);
  checkIndicatorPair(c, spec, path);
  if (composite) objectives.forEach((objective, i) => checkIndicatorPair(c, objective, [...path, "objectives", i]));
}

function checkIndicatorPair(c: Checker, parent: Obj, path: FieldPath): void {
  if (parent.indicator == null && parent.indicatorRef == null) return;
  const before = c.issues.length;
  checkExclusive(c, parent, path, ["indicator", "indicatorRef"], true);
  if (c.issues.length > before) return;
  const inline = c.obj(parent.indicator, [...path, "indicator"]);
  if (inline) checkInlineIndicator(c, inline, [...path, "indicator"]);
  const ref = c.string(parent, "indicatorRef", path);
  if (ref !== undefined) checkDnsLabel(c, [...path, "indicatorRef"], ref);
}

function checkTimeWindow(c: Checker, value: unknown, path: FieldPath): void {
  const window = c.obj(value, path) ?? {};
  c.known(window, path, ["duration", "isRolling", "calendar"]);
  const rolling = c.bool(window, "isRolling", path) ?? false;
  if (rolling && window.calendar != null) c.error(path, "'calendar' cannot be set when 'isRolling' is true");
  if (!rolling && window.calendar == null) c.error(path, "'calendar' must be set when 'isRolling' is false");
  checkDuration(c, window, "duration", path, true);
  const at = [...path, "calendar"];
  const calendar = c.obj(window.calendar, at);
  if (!calendar) return;
  c.known(calendar, at, ["startTime", "timeZone"]);
  const start = c.string(calendar, "startTime", at) ?? "";
  if (!isDateTime(start))
    c.error([...at, "startTime"], "string must be a valid date and time in '2006-01-02 15:04:05' format", start);
  const zone = c.string(calendar, "timeZone", at) ?? "";
  if (!isTimeZone(zone)) c.error([...at, "timeZone"], "string must be a valid IANA Time Zone Database code", zone);
}

function isDateTime(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) return false;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d! && h! < 24 && mi! < 60 && s! < 60;
}

function isTimeZone(zone: string): boolean {
  if (zone === "" || zone === "Local") return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

type ObjectiveContext = { method: string | undefined; ratio: boolean; threshold: boolean };

function checkObjective(c: Checker, objective: Obj, path: FieldPath, context: ObjectiveContext): void {
  c.known(objective, path, OBJECTIVE_FIELDS);
  c.string(objective, "displayName", path);
  checkExclusive(c, objective, path, ["target", "targetPercent"], true);
  const target = c.number(objective, "target", path);
  if (target !== undefined && target < 0) c.error([...path, "target"], "must be greater than or equal to '0'", target);
  else if (target !== undefined && target >= 1) c.error([...path, "target"], "must be less than '1'", target);
  const percent = c.number(objective, "targetPercent", path);
  if (percent !== undefined && percent < 0)
    c.error([...path, "targetPercent"], "must be greater than or equal to '0'", percent);
  else if (percent !== undefined && percent >= 100)
    c.error([...path, "targetPercent"], "must be less than '100'", percent);
  if (context.ratio) {
    if (objective.value != null) c.error([...path, "value"], "property is forbidden", objective.value);
    if (objective.op != null && objective.op !== "") c.error([...path, "op"], "property is forbidden", objective.op);
  } else if (context.threshold) {
    c.number(objective, "value", path, true);
    checkOperator(c, objective, "op", path);
  } else c.number(objective, "value", path);
  checkTimeSlices(c, objective, path, context.method);
  const weight = c.number(objective, "compositeWeight", path);
  if (weight !== undefined && weight <= 0) c.error([...path, "compositeWeight"], "must be greater than '0'", weight);
}

function checkTimeSlices(c: Checker, objective: Obj, path: FieldPath, method: string | undefined): void {
  const sliced = method === "Timeslices" || method === "RatioTimeslices";
  const target = c.number(objective, "timeSliceTarget", path, method === "Timeslices");
  if (target !== undefined && (target <= 0 || target > 1))
    c.error(
      [...path, "timeSliceTarget"],
      target <= 0 ? "must be greater than '0'" : "must be less than or equal to '1'",
      target,
    );
  checkDuration(c, objective, "timeSliceWindow", path, sliced);
}

function checkPolicyEntry(c: Checker, value: unknown, path: FieldPath): void {
  const entry = c.obj(value, path) ?? {};
  const isRef = entry.alertPolicyRef != null;
  const isInline = entry.kind != null || entry.metadata != null || entry.spec != null;
  if (isRef && isInline)
    return c.error(path, "[alertPolicyRef, spec] properties are mutually exclusive, provide only one of them");
  if (!isRef && !isInline)
    return c.error(path, "one of [alertPolicyRef, spec] properties must be set, none was provided");
  if (isRef) {
    c.known(entry, path, ["alertPolicyRef"]);
    const ref = c.string(entry, "alertPolicyRef", path, { required: true });
    if (ref !== undefined) checkDnsLabel(c, [...path, "alertPolicyRef"], ref);
    return;
  }
  checkInlinePolicy(c, entry, path);
}
