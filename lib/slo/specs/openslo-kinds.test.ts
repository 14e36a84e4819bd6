import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseSpecs } from "./parse-specs";

// The kinds beside SLO as OpenSLO's go-sdk checks them, and SLO -> SLI references.

const ratio = {
  counter: true,
  good: { metricSource: { type: "Prometheus", spec: { query: 'sum(http_requests{code!~"5.."})' } } },
  total: { metricSource: { type: "Prometheus", spec: { query: "sum(http_requests)" } } },
};

const slo = (spec: Record<string, unknown>) => ({
  apiVersion: "openslo/v1",
  kind: "SLO",
  metadata: { name: "web-availability" },
  spec: {
    service: "web",
    budgetingMethod: "Occurrences",
    timeWindow: [{ duration: "28d", isRolling: true }],
    objectives: [{ target: 0.99 }],
    ...spec,
  },
});

const errorsOf = (object: unknown) =>
  parseSpecs("case.yaml", stringify(object))
    .findings.filter((finding) => finding.severity === "error")
    .map((finding) => [finding.field, finding.message]);

describe("OpenSLO v1 kinds and references", () => {
  it("checks the other kinds", () => {
    const object = (kind: string, spec: unknown) => ({ apiVersion: "openslo/v1", kind, metadata: { name: "x" }, spec });
    expect(errorsOf(object("DataSource", { type: "Prometheus" }))).toEqual([
      ["spec.connectionDetails", "property is required but was empty"],
    ]);
    expect(errorsOf(object("AlertNotificationTarget", {}))).toEqual([
      ["spec.target", "property is required but was empty"],
    ]);
    expect(
      errorsOf(object("AlertCondition", { severity: "page", condition: { kind: "burnrate", op: "gt", threshold: 2 } })),
    ).toEqual([["spec.condition.lookbackWindow", "property is required but was empty"]]);
    expect(errorsOf(object("AlertPolicy", { conditions: [], notificationTargets: [{ targetRef: "t" }] }))).toEqual([
      ["spec.conditions", "length must be between 1 and 1"],
    ]);
    expect(
      errorsOf(
        object("AlertPolicy", {
          conditions: [{ conditionRef: "c" }],
          notificationTargets: [{ kind: "Service", metadata: { name: "t" }, spec: { target: "x" } }],
        }),
      ),
    ).toEqual([["spec.notificationTargets[0].kind", "must be equal to 'AlertNotificationTarget'"]]);
    expect(errorsOf(object("Service", { description: "d".repeat(1051) }))).toEqual([
      ["spec.description", "length must be less than or equal to 1050"],
    ]);
    expect(errorsOf(object("SLI", {}))).toEqual([
      ["spec", "one of [thresholdMetric, ratioMetric] properties must be set, none was provided"],
    ]);
  });

  it("resolves indicatorRef to an SLI of the same file, and names a missing one", () => {
    const sli = {
      apiVersion: "openslo/v1",
      kind: "SLI",
      metadata: { name: "web-ratio" },
      spec: { ratioMetric: ratio },
    };
    const text = `${stringify(slo({ indicatorRef: "web-ratio" }))}---\n${stringify(sli)}`;
    const found = parseSpecs("ref.yaml", text);
    expect(found.findings).toEqual([]);
    expect(found.slos[0]!.slo.sli).toEqual({ type: "availability", errorWhen: "http-5xx" });
    const refText = stringify(slo({ indicatorRef: "nope" }));
    const line = refText.split("\n").findIndex((row) => row.includes("indicatorRef: nope")) + 1;
    const missing = parseSpecs("ref.yaml", refText);
    expect(missing.findings.map((f) => [f.field, f.message, f.line])).toEqual([
      ["spec.indicatorRef", "names no SLI in these files", line],
    ]);
  });
});
