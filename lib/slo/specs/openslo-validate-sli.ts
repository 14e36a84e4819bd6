import type { Checker, Obj } from "./checker";
import { checkDnsLabel, checkExclusive, checkMetadata } from "./openslo-common";
import type { FieldPath } from "./findings";

// OpenSLO v1 SLI specs (standalone or inline in an SLO), as the go-sdk validates them: exactly one of
// thresholdMetric and ratioMetric; a ratio of good or bad over total, or one raw ratio with its type.

export function checkSliSpec(c: Checker, value: unknown, path: FieldPath): void {
  const spec = c.obj(value, path) ?? {};
  c.known(spec, path, ["description", "thresholdMetric", "ratioMetric"]);
  c.string(spec, "description", path, { max: 1050 });
  checkExclusive(c, spec, path, ["thresholdMetric", "ratioMetric"], true);
  if (spec.thresholdMetric != null) checkMetricSpec(c, spec.thresholdMetric, [...path, "thresholdMetric"]);
  if (spec.ratioMetric != null) checkRatioMetric(c, spec.ratioMetric, [...path, "ratioMetric"]);
}

function checkRatioMetric(c: Checker, value: unknown, path: FieldPath): void {
  const ratio = c.obj(value, path);
  if (!ratio) return;
  c.known(ratio, path, ["counter", "good", "bad", "total", "rawType", "raw"]);
  c.bool(ratio, "counter", path);
  const before = c.issues.length;
  checkExclusive(c, ratio, path, ["total", "raw"], true);
  checkExclusive(c, ratio, path, ["raw", "good", "bad"], false);
  if (c.issues.length > before) return;
  if (ratio.total != null) {
    if (ratio.good == null && ratio.bad == null)
      c.error(path, "one of [bad, good] properties must be set, none was provided");
    for (const key of ["total", "good", "bad"]) if (ratio[key] != null) checkMetricSpec(c, ratio[key], [...path, key]);
  }
  if (ratio.raw != null) {
    checkMetricSpec(c, ratio.raw, [...path, "raw"]);
    const rawType = c.string(ratio, "rawType", path, { required: true });
    if (rawType !== undefined && rawType !== "success" && rawType !== "failure")
      c.error([...path, "rawType"], "must be one of: success, failure", rawType);
  }
}

function checkMetricSpec(c: Checker, value: unknown, path: FieldPath): void {
  const metric = c.obj(value, path) ?? {};
  c.known(metric, path, ["metricSource"]);
  const at = [...path, "metricSource"];
  const source = c.obj(metric.metricSource, at);
  if (!source) {
    if (metric.metricSource == null) c.error(at, "property is required but was empty");
    return;
  }
  c.known(source, at, ["metricSourceRef", "type", "spec"]);
  const ref = c.string(source, "metricSourceRef", at);
  if (ref !== undefined) checkDnsLabel(c, [...at, "metricSourceRef"], ref);
  c.string(source, "type", at);
  const spec = c.obj(source.spec, [...at, "spec"]);
  if (source.spec == null) c.error([...at, "spec"], "property is required but was empty");
  else if (spec && Object.keys(spec).length < 1) c.error([...at, "spec"], "length must be greater than or equal to 1");
}

/** An SLO's inline indicator: metadata and an SLI spec. */
export function checkInlineIndicator(c: Checker, value: Obj, path: FieldPath): void {
  c.known(value, path, ["metadata", "spec"]);
  checkMetadata(c, value, path);
  checkSliSpec(c, value.spec, [...path, "spec"]);
}
