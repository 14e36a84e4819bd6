import type { Checker, Obj } from "./checker";
import type { FieldPath } from "./findings";

// The rules every OpenSLO v1 object shares, as OpenSLO's go-sdk (what `oslo validate` runs) states
// them: metadata names are RFC-1123 labels, label and annotation keys follow Kubernetes, durations
// are shorthands such as 5m, 28d or 1M; the messages are govy's.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KEY = /^[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const ANNOTATION_KEY_LENGTH = /^(.{0,253}\/)?.{0,63}$/;
const ANNOTATION_KEY =
  /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\/)?[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const DNS_LABEL_MESSAGE =
  `string must match regular expression: '${DNS_LABEL.source}' (e.g. 'my-name', '123-abc'); an RFC-1123 compliant ` +
  "label name must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

const OPERATORS = ["gt", "lt", "gte", "lte"] as const;
const DURATION_UNITS = ["m", "h", "d", "w", "M", "Q", "Y"];

/** The shorthand's parts, or null when it is not one (reported). */
type Duration = { value: number; unit: string };

export function checkDnsLabel(c: Checker, path: FieldPath, value: string): void {
  if (value.length < 1 || value.length > 63) c.error(path, "length must be between 1 and 63", value);
  else if (!DNS_LABEL.test(value)) c.error(path, DNS_LABEL_MESSAGE, value);
}

export function checkMetadata(c: Checker, parent: Obj, path: FieldPath): string | undefined {
  const at = [...path, "metadata"];
  if (parent.metadata === undefined || parent.metadata === null) {
    c.error(at, "property is required but was empty");
    return undefined;
  }
  const metadata = c.obj(parent.metadata, at);
  if (!metadata) return undefined;
  c.known(metadata, at, ["name", "displayName", "labels", "annotations"]);
  const name = c.string(metadata, "name", at, { required: true });
  if (name !== undefined) checkDnsLabel(c, [...at, "name"], name);
  c.string(metadata, "displayName", at, { max: 63 });
  checkLabels(c, metadata.labels, [...at, "labels"]);
  checkAnnotations(c, metadata.annotations, [...at, "annotations"]);
  return name;
}

function checkLabels(c: Checker, value: unknown, path: FieldPath): void {
  const labels = c.obj(value, path);
  for (const [key, label] of Object.entries(labels ?? {})) {
    if (!LABEL_KEY.test(key))
      c.error([...path, key], `string must match regular expression: '${LABEL_KEY.source}'`, key);
    const values = Array.isArray(label) ? label : [label];
    if (!values.every((item) => typeof item === "string"))
      c.error([...path, key], "must be a string or a list of strings");
  }
}

function checkAnnotations(c: Checker, value: unknown, path: FieldPath): void {
  const annotations = c.obj(value, path);
  for (const [key, annotation] of Object.entries(annotations ?? {})) {
    if (!ANNOTATION_KEY_LENGTH.test(key))
      c.error([...path, key], `string must match regular expression: '${ANNOTATION_KEY_LENGTH.source}'`, key);
    else if (!ANNOTATION_KEY.test(key))
      c.error(
        [...path, key],
        `string must match regular expression: '${ANNOTATION_KEY.source}' (e.g. 'my-domain.org/my-key', 'openslo.com/annotation')`,
        key,
      );
    if (typeof annotation !== "string") c.error([...path, key], "must be a string", annotation);
  }
}

/** Reads a duration shorthand such as `5m` (Go's `%d%s`: digits, then a unit). */
export function checkDuration(
  c: Checker,
  parent: Obj,
  key: string,
  path: FieldPath,
  required: boolean,
): Duration | undefined {
  const value = parent[key];
  const at = [...path, key];
  if (value === undefined || value === null || value === "") {
    if (required) c.error(at, "property is required but was empty");
    return undefined;
  }
  const match = typeof value === "string" ? /^([+-]?\d+)(\S+)$/.exec(value) : null;
  if (!match) {
    c.error(at, `invalid duration shorthand: ${String(value)}, expected [0-9]+[mhdwMQY]`, value);
    return undefined;
  }
  const duration = { value: Number(match[1]), unit: match[2] ?? "" };
  if (!DURATION_UNITS.includes(duration.unit)) c.error(at, `unit must be one of: ${DURATION_UNITS.join(", ")}`, value);
  else if (duration.value < 0) c.error(at, "value must be greater than or equal to '0'", value);
  else if (!Number.isSafeInteger(duration.value)) c.error(at, "value is too large", value);
  else return duration;
  return undefined;
}

export function checkOperator(c: Checker, parent: Obj, key: string, path: FieldPath): void {
  const op = c.string(parent, key, path, { required: true });
  if (op !== undefined && !(OPERATORS as readonly string[]).includes(op))
    c.error([...path, key], `must be one of: ${OPERATORS.join(", ")}`, op);
}

/** govy's MutuallyExclusive: at most one of the fields, and (when required) at least one. */
export function checkExclusive(c: Checker, parent: Obj, path: FieldPath, keys: string[], required: boolean): void {
  const present = keys.filter((key) => parent[key] !== undefined && parent[key] !== null);
  if (present.length > 1)
    c.error(path, `[${present.join(", ")}] properties are mutually exclusive, provide only one of them`);
  else if (required && present.length === 0)
    c.error(path, `one of [${keys.join(", ")}] properties must be set, none was provided`);
}

/** A list property governed by govy's SliceLength / SliceMinLength. */
export function checkLength(c: Checker, list: unknown[] | undefined, path: FieldPath, min: number, max?: number): void {
  const length = list?.length ?? 0;
  if (max !== undefined && (length < min || length > max)) c.error(path, `length must be between ${min} and ${max}`);
  else if (length < min) c.error(path, `length must be greater than or equal to ${min}`);
}
