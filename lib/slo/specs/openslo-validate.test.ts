import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseSpecs } from "./parse-specs";

// One case per rule OpenSLO's go-sdk (what `oslo validate` runs) applies: a valid object with one
// thing broken gives exactly that finding, on that field.

const ratio = {
  counter: true,
  good: { metricSource: { type: "Prometheus", spec: { query: 'sum(http_requests{code!~"5.."})' } } },
  total: { metricSource: { type: "Prometheus", spec: { query: "sum(http_requests)" } } },
};

function slo(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: "openslo/v1",
    kind: "SLO",
    metadata: { name: "web-availability", ...metadata },
    spec: {
      service: "web",
      indicator: { metadata: { name: "web-ratio" }, spec: { ratioMetric: ratio } },
      budgetingMethod: "Occurrences",
      timeWindow: [{ duration: "28d", isRolling: true }],
      objectives: [{ target: 0.99 }],
      ...spec,
    },
  };
}

const errorsOf = (object: unknown) =>
  parseSpecs("case.yaml", stringify(object))
    .findings.filter((finding) => finding.severity === "error")
    .map((finding) => [finding.field, finding.message]);

describe("OpenSLO v1 validation as oslo validate does it", () => {
  it("accepts a valid SLO and maps it", () => {
    const result = parseSpecs("ok.yaml", stringify(slo()));
    expect(result.findings).toEqual([]);
    expect(result.slos[0]!.slo).toMatchObject({
      name: "web-availability",
      service: "web",
      objectivePercent: 99,
      window: "28d",
    });
    expect(result.slos[0]!.slo.sli).toEqual({ type: "availability", errorWhen: "http-5xx" });
  });

  const cases: [string, unknown, string, string][] = [
    ["missing metadata", { ...slo(), metadata: undefined }, "metadata", "property is required but was empty"],
    ["name too long", slo({}, { name: "a".repeat(64) }), "metadata.name", "length must be between 1 and 63"],
    [
      "display name over 63",
      slo({}, { displayName: "x".repeat(64) }),
      "metadata.displayName",
      "length must be less than or equal to 63",
    ],
    [
      "bad label key",
      slo({}, { labels: { "-bad": "x" } }),
      "metadata.labels.-bad",
      "string must match regular expression",
    ],
    [
      "bad annotation key",
      slo({}, { annotations: { "a/b/c": "x" } }),
      "metadata.annotations.a/b/c",
      "string must match regular expression",
    ],
    ["unknown field", slo({ markdown: "x" }), "spec.markdown", 'unknown field "markdown"'],
    ["no service", slo({ service: "" }), "spec.service", "property is required but was empty"],
    [
      "bad budgeting method",
      slo({ budgetingMethod: "Daily" }),
      "spec.budgetingMethod",
      "must be one of: Occurrences, Timeslices, RatioTimeslices",
    ],
    ["no time window", slo({ timeWindow: [] }), "spec.timeWindow", "length must be between 1 and 1"],
    [
      "rolling with calendar",
      slo({
        timeWindow: [
          { duration: "1w", isRolling: true, calendar: { startTime: "2022-01-01 00:00:00", timeZone: "UTC" } },
        ],
      }),
      "spec.timeWindow[0]",
      "'calendar' cannot be set when 'isRolling' is true",
    ],
    [
      "calendar missing",
      slo({ timeWindow: [{ duration: "1w", isRolling: false }] }),
      "spec.timeWindow[0]",
      "'calendar' must be set when 'isRolling' is false",
    ],
    [
      "bad duration",
      slo({ timeWindow: [{ duration: "abc", isRolling: true }] }),
      "spec.timeWindow[0].duration",
      "invalid duration shorthand: abc, expected [0-9]+[mhdwMQY]",
    ],
    [
      "bad duration unit",
      slo({ timeWindow: [{ duration: "5x", isRolling: true }] }),
      "spec.timeWindow[0].duration",
      "unit must be one of: m, h, d, w, M, Q, Y",
    ],
    [
      "bad start time",
      slo({
        timeWindow: [{ duration: "1M", isRolling: false, calendar: { startTime: "2022-13-01", timeZone: "UTC" } }],
      }),
      "spec.timeWindow[0].calendar.startTime",
      "string must be a valid date and time in '2006-01-02 15:04:05' format",
    ],
    [
      "bad time zone",
      slo({
        timeWindow: [
          {
            duration: "1M",
            isRolling: false,
            calendar: { startTime: "2022-01-01 00:00:00", timeZone: "Mars/Olympus" },
          },
        ],
      }),
      "spec.timeWindow[0].calendar.timeZone",
      "string must be a valid IANA Time Zone Database code",
    ],
    [
      "no indicator",
      slo({ indicator: undefined }),
      "spec",
      "'indicator' or 'indicatorRef' fields must either be defined on the 'spec' level (standard SLOs) or on the 'spec.objectives[*]' level (composite SLOs), but none were provided",
    ],
    [
      "indicator and ref",
      slo({ indicatorRef: "x" }),
      "spec",
      "[indicator, indicatorRef] properties are mutually exclusive, provide only one of them",
    ],
    [
      "bad indicatorRef",
      slo({ indicator: undefined, indicatorRef: "Not A Label" }),
      "spec.indicatorRef",
      "string must match regular expression",
    ],
    [
      "target and targetPercent",
      slo({ objectives: [{ target: 0.9, targetPercent: 90 }] }),
      "spec.objectives[0]",
      "[target, targetPercent] properties are mutually exclusive, provide only one of them",
    ],
    [
      "no target",
      slo({ objectives: [{ displayName: "x" }] }),
      "spec.objectives[0]",
      "one of [target, targetPercent] properties must be set, none was provided",
    ],
    ["target 1", slo({ objectives: [{ target: 1 }] }), "spec.objectives[0].target", "must be less than '1'"],
    [
      "target below 0",
      slo({ objectives: [{ target: -0.1 }] }),
      "spec.objectives[0].target",
      "must be greater than or equal to '0'",
    ],
    [
      "targetPercent 100",
      slo({ objectives: [{ targetPercent: 100 }] }),
      "spec.objectives[0].targetPercent",
      "must be less than '100'",
    ],
    [
      "value with ratio",
      slo({ objectives: [{ target: 0.9, value: 1 }] }),
      "spec.objectives[0].value",
      "property is forbidden",
    ],
    [
      "timeslices without target",
      slo({ budgetingMethod: "Timeslices", objectives: [{ target: 0.9, timeSliceWindow: "1m" }] }),
      "spec.objectives[0].timeSliceTarget",
      "property is required but was empty",
    ],
    [
      "timeslices target over 1",
      slo({
        budgetingMethod: "Timeslices",
        objectives: [{ target: 0.9, timeSliceTarget: 1.5, timeSliceWindow: "1m" }],
      }),
      "spec.objectives[0].timeSliceTarget",
      "must be less than or equal to '1'",
    ],
    [
      "ratio timeslices without window",
      slo({ budgetingMethod: "RatioTimeslices", objectives: [{ target: 0.9 }] }),
      "spec.objectives[0].timeSliceWindow",
      "property is required but was empty",
    ],
    [
      "threshold without op",
      slo({
        indicator: { metadata: { name: "lat" }, spec: { thresholdMetric: ratio.total } },
        objectives: [{ target: 0.9, value: 300 }],
      }),
      "spec.objectives[0].op",
      "property is required but was empty",
    ],
    [
      "threshold bad op",
      slo({
        indicator: { metadata: { name: "lat" }, spec: { thresholdMetric: ratio.total } },
        objectives: [{ target: 0.9, value: 300, op: "eq" }],
      }),
      "spec.objectives[0].op",
      "must be one of: gt, lt, gte, lte",
    ],
    [
      "threshold without value",
      slo({
        indicator: { metadata: { name: "lat" }, spec: { thresholdMetric: ratio.total } },
        objectives: [{ target: 0.9, op: "lt" }],
      }),
      "spec.objectives[0].value",
      "property is required but was empty",
    ],
    [
      "both metrics",
      slo({ indicator: { metadata: { name: "x" }, spec: { ratioMetric: ratio, thresholdMetric: ratio.total } } }),
      "spec.indicator.spec",
      "[thresholdMetric, ratioMetric] properties are mutually exclusive, provide only one of them",
    ],
    [
      "ratio without good or bad",
      slo({ indicator: { metadata: { name: "x" }, spec: { ratioMetric: { total: ratio.total } } } }),
      "spec.indicator.spec.ratioMetric",
      "one of [bad, good] properties must be set, none was provided",
    ],
    [
      "raw and good",
      slo({
        indicator: {
          metadata: { name: "x" },
          spec: { ratioMetric: { raw: ratio.total, good: ratio.good, rawType: "success" } },
        },
      }),
      "spec.indicator.spec.ratioMetric",
      "[raw, good] properties are mutually exclusive, provide only one of them",
    ],
    [
      "raw without type",
      slo({ indicator: { metadata: { name: "x" }, spec: { ratioMetric: { raw: ratio.total } } } }),
      "spec.indicator.spec.ratioMetric.rawType",
      "property is required but was empty",
    ],
    [
      "empty metric spec",
      slo({
        indicator: {
          metadata: { name: "x" },
          spec: { ratioMetric: { ...ratio, total: { metricSource: { type: "P", spec: {} } } } },
        },
      }),
      "spec.indicator.spec.ratioMetric.total.metricSource.spec",
      "length must be greater than or equal to 1",
    ],
  ];

  for (const [name, object, field, message] of cases)
    it(`refuses: ${name}`, () => {
      const errors = errorsOf(object);
      expect(errors).toHaveLength(1);
      expect(errors[0]![0]).toBe(field);
      expect(errors[0]![1]).toContain(message);
    });
});
