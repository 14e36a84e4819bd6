import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpecs } from "./parse-specs";

const testdata = (name: string) => readFileSync(path.join(import.meta.dirname, "testdata", name), "utf8");

describe("Sloth getting-started sample", () => {
  const result = parseSpecs("getting-started.yml", testdata("sloth-getting-started.yml"));

  it("gives one SLO with the spec's objective, name, labels and alerting", () => {
    expect(result.findings).toEqual([]);
    expect(result.slos).toHaveLength(1);
    const { slo, source } = result.slos[0]!;
    expect(slo.objectivePercent).toBe(99.9);
    expect(slo.name).toBe("myservice-requests-availability");
    expect(slo.service).toBe("myservice");
    expect(slo.window).toBe("30d");
    expect(slo.description).toBe("Common SLO based on availability for HTTP request responses.");
    expect(slo.labels).toEqual({ owner: "myteam", repo: "myorg/myservice", tier: "2" });
    expect(slo.alerting).toEqual({
      name: "MyServiceHighErrorRate",
      labels: { category: "availability" },
      annotations: { summary: "High error rate on 'myservice' requests responses" },
      page: { enabled: true, labels: { severity: "pageteam", routing_key: "myteam" }, annotations: {} },
      ticket: { enabled: true, labels: { severity: "slack", slack_channel: "#alerts-myteam" }, annotations: {} },
    });
    expect(source).toEqual({ file: "getting-started.yml", document: 0, index: 0, line: 9 });
  });

  it("maps the 5xx|429 error query to availability on HTTP 5xx and says so", () => {
    const { slo, mapping } = result.slos[0]!;
    expect(slo.sli).toEqual({ type: "availability", errorWhen: "http-5xx" });
    expect(mapping.from).toContain('code=~"(5..|429)"');
    expect(mapping.to).toBe("availability of entry spans of service myservice (errors = HTTP status 500 or more)");
    expect(mapping.how).toContain("429");
  });
});

/** The findings of `oslo validate`'s expected output: object, index, field, value and message. */
function osloExpected(text: string) {
  const expected: { object: string; index: number; field: string; value: string; message: string }[] = [];
  let object = "";
  let index = -1;
  let field = "";
  let value = "";
  for (const line of text.split("\n")) {
    const header = /^ {2}Validation for (.+) at index (\d+) has failed/.exec(line);
    const property = /^ {4}- '(.+)' with value '(.*)':$/.exec(line);
    const message = /^ {6}- (.+)$/.exec(line);
    if (header) [object, index] = [header[1]!, Number(header[2])];
    else if (property) [field, value] = [property[1]!, property[2]!];
    else if (message) expected.push({ object, index, field, value, message: message[1]! });
  }
  return expected;
}

describe("oslo validate sample (test/inputs/validate/v1.yaml)", () => {
  const result = parseSpecs("v1.yaml", testdata("oslo-validate-v1.yaml"));
  // Upstream's CI container had no tzdata; America/New_York is a valid zone (see testdata/NOTICE.md).
  const expected = osloExpected(testdata("oslo-validate-v1.expected.txt")).filter(
    (finding) => !finding.message.includes("unknown time zone"),
  );

  it("gives the findings oslo gives, on the same objects and fields", () => {
    expect(expected).toHaveLength(2);
    const actual = result.findings.map((f) => ({
      object: f.object,
      index: f.index,
      field: f.field,
      value: f.value,
      message: f.message,
    }));
    expect(actual).toEqual(expected);
    expect(result.findings.every((finding) => finding.severity === "error")).toBe(true);
  });

  it("puts each finding on the line and column of its field", () => {
    expect(result.findings.map((f) => [f.line, f.column])).toEqual([
      [40, 9],
      [59, 5],
    ]);
  });

  it("imports no SLO from an invalid object", () => {
    expect(result.slos).toEqual([]);
  });
});

describe("an OpenSLO SLO with an inline alert policy", () => {
  const spec = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  indicator:
    metadata:
      name: checkout-errors
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(http_requests_total{job="checkout",code!~"5.."})
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(http_requests_total{job="checkout"})
  objectives:
    - target: 0.995
  alertPolicies:
    - kind: AlertPolicy
      metadata:
        name: fast-burn
      spec:
        conditions:
          - kind: AlertCondition
            metadata:
              name: burn-14
            spec:
              severity: page
              condition:
                kind: burnrate
                op: gt
                threshold: 14.4
                lookbackWindow: 1h
                alertAfter: 5m
        notificationTargets:
          - kind: AlertNotificationTarget
            metadata:
              name: oncall
            spec:
              target: pagerduty
`;
  const result = parseSpecs("checkout.yaml", spec);

  it("imports the SLO and says, on the policy's line, that Vigil's burn-rate alerts apply instead", () => {
    expect(result.slos.map((s) => s.slo.name)).toEqual(["checkout-availability"]);
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
    const warning = result.findings.find((f) => f.field === "spec.alertPolicies");
    expect(warning?.severity).toBe("warning");
    expect(warning?.message).toMatch(/not applied: Vigil alerts with the SRE workbook's multi-window burn rates/);
    expect(warning?.line).toBe(spec.split("\n").indexOf("  alertPolicies:") + 1);
  });
});
