import { Checker, type Obj } from "./checker";
import { checkMetadata } from "./openslo-common";
import { checkSliSpec } from "./openslo-validate-sli";
import { checkSloSpec } from "./openslo-validate-slo";
import {
  checkAlertConditionSpec,
  checkAlertPolicySpec,
  checkDataSourceSpec,
  checkServiceSpec,
  checkTargetSpec,
} from "./openslo-validate-alerts";
import type { FieldPath } from "./findings";

// One OpenSLO v1 object checked as `oslo validate` checks it (OpenSLO go-sdk): unknown fields are
// refused like its decoder refuses them, then each kind's rules run and every problem is kept.

const SPEC_CHECKS: Record<string, (c: Checker, value: unknown, path: FieldPath) => void> = {
  SLO: checkSloSpec,
  SLI: checkSliSpec,
  Service: checkServiceSpec,
  DataSource: checkDataSourceSpec,
  AlertPolicy: checkAlertPolicySpec,
  AlertCondition: checkAlertConditionSpec,
  AlertNotificationTarget: checkTargetSpec,
};

const OPENSLO_KINDS = Object.keys(SPEC_CHECKS);

type CheckedObject = { kind: string | null; name: string | null; label: string; checker: Checker };

export function validateOpenSlo(object: Obj): CheckedObject {
  const c = new Checker();
  const kind = typeof object.kind === "string" ? object.kind : null;
  const rawName = (object.metadata as Obj | undefined)?.name;
  const name = typeof rawName === "string" && rawName !== "" ? rawName : null;
  const label = `v1.${kind ?? "?"}${name === null ? "" : ` '${name}'`}`;
  const check = kind === null ? undefined : SPEC_CHECKS[kind];
  if (!check) {
    if (kind === null) c.error(["kind"], "property is required but was empty", object.kind);
    else c.error(["kind"], `unsupported kind for openslo/v1; must be one of: ${OPENSLO_KINDS.join(", ")}`, kind);
    return { kind, name, label, checker: c };
  }
  c.known(object, [], ["apiVersion", "kind", "metadata", "spec"]);
  checkMetadata(c, object, []);
  check(c, object.spec, ["spec"]);
  return { kind, name, label, checker: c };
}
