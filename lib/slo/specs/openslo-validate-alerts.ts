import type { Checker, Obj } from "./checker";
import { checkDnsLabel, checkDuration, checkLength, checkMetadata, checkOperator } from "./openslo-common";
import type { FieldPath } from "./findings";

// OpenSLO v1 alerting objects and the small kinds (Service, DataSource), as OpenSLO's go-sdk
// validates them. Policies, conditions and targets may be inline or referenced by name.

type SpecCheck = (c: Checker, value: unknown, path: FieldPath) => void;

/** An object inlined in another: `kind` must be the expected one, with metadata and a spec. */
function checkInlined(c: Checker, entry: Obj, path: FieldPath, kind: string, checkSpec: SpecCheck): void {
  c.known(entry, path, ["kind", "metadata", "spec"]);
  const actual = c.string(entry, "kind", path, { required: true });
  if (actual !== undefined && actual !== kind) c.error([...path, "kind"], `must be equal to '${kind}'`, actual);
  checkMetadata(c, entry, path);
  if (entry.spec == null) c.error([...path, "spec"], "property is required but was empty");
  else checkSpec(c, entry.spec, [...path, "spec"]);
}

/** A list entry that is either `{ <refKey>: name }` or an inline object of `kind`. */
function checkRefOrInline(
  c: Checker,
  value: unknown,
  path: FieldPath,
  refKey: string,
  kind: string,
  spec: SpecCheck,
): void {
  const entry = c.obj(value, path) ?? {};
  const isRef = entry[refKey] != null;
  const isInline = entry.kind != null || entry.metadata != null || entry.spec != null;
  if (isRef && isInline)
    return c.error(path, `[${refKey}, spec] properties are mutually exclusive, provide only one of them`);
  if (!isRef && !isInline) return c.error(path, `one of [${refKey}, spec] properties must be set, none was provided`);
  if (!isRef) return checkInlined(c, entry, path, kind, spec);
  c.known(entry, path, [refKey]);
  const ref = c.string(entry, refKey, path, { required: true });
  if (ref !== undefined) checkDnsLabel(c, [...path, refKey], ref);
}

export function checkInlinePolicy(c: Checker, entry: Obj, path: FieldPath): void {
  checkInlined(c, entry, path, "AlertPolicy", checkAlertPolicySpec);
}

export function checkAlertPolicySpec(c: Checker, value: unknown, path: FieldPath): void {
  const spec = c.obj(value, path) ?? {};
  c.known(spec, path, [
    "description",
    "alertWhenNoData",
    "alertWhenBreaching",
    "alertWhenResolved",
    "conditions",
    "notificationTargets",
  ]);
  c.string(spec, "description", path, { max: 1050 });
  for (const flag of ["alertWhenNoData", "alertWhenBreaching", "alertWhenResolved"]) c.bool(spec, flag, path);
  const conditions = c.list(spec, "conditions", path);
  checkLength(c, conditions, [...path, "conditions"], 1, 1);
  conditions?.forEach((entry, i) =>
    checkRefOrInline(c, entry, [...path, "conditions", i], "conditionRef", "AlertCondition", checkAlertConditionSpec),
  );
  const targets = c.list(spec, "notificationTargets", path);
  checkLength(c, targets, [...path, "notificationTargets"], 1);
  targets?.forEach((entry, i) =>
    checkRefOrInline(
      c,
      entry,
      [...path, "notificationTargets", i],
      "targetRef",
      "AlertNotificationTarget",
      checkTargetSpec,
    ),
  );
}

export function checkAlertConditionSpec(c: Checker, value: unknown, path: FieldPath): void {
  if (value == null) return c.error(path, "property is required but was empty");
  const spec = c.obj(value, path) ?? {};
  c.known(spec, path, ["severity", "condition", "description"]);
  c.string(spec, "description", path, { max: 1050 });
  c.string(spec, "severity", path, { required: true });
  const at = [...path, "condition"];
  if (spec.condition == null) return c.error(at, "property is required but was empty");
  const condition = c.obj(spec.condition, at);
  if (!condition) return;
  c.known(condition, at, ["kind", "op", "threshold", "lookbackWindow", "alertAfter"]);
  const kind = c.string(condition, "kind", at, { required: true });
  if (kind !== undefined && kind !== "burnrate") c.error([...at, "kind"], "must be one of: burnrate", kind);
  if (kind !== "burnrate") return;
  checkOperator(c, condition, "op", at);
  c.number(condition, "threshold", at, true);
  checkDuration(c, condition, "lookbackWindow", at, true);
  checkDuration(c, condition, "alertAfter", at, false);
}

export function checkTargetSpec(c: Checker, value: unknown, path: FieldPath): void {
  const spec = c.obj(value, path) ?? {};
  c.known(spec, path, ["description", "target"]);
  c.string(spec, "target", path, { required: true });
  c.string(spec, "description", path, { max: 1050 });
}

export function checkServiceSpec(c: Checker, value: unknown, path: FieldPath): void {
  const spec = c.obj(value, path) ?? {};
  c.known(spec, path, ["description"]);
  c.string(spec, "description", path, { max: 1050 });
}

export function checkDataSourceSpec(c: Checker, value: unknown, path: FieldPath): void {
  const spec = c.obj(value, path) ?? {};
  c.known(spec, path, ["description", "type", "connectionDetails"]);
  c.string(spec, "description", path, { max: 1050 });
  c.string(spec, "type", path, { required: true });
  if (spec.connectionDetails == null) c.error([...path, "connectionDetails"], "property is required but was empty");
}
