import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseSpecs } from "./parse-specs";

// How foreign SLIs become Vigil SLIs, and what each mapping tells people.

function sloth(sli: unknown, extra: Record<string, unknown> = {}, service = "shop") {
  return stringify({ version: "prometheus/v1", service, slos: [{ name: "requests", objective: 99.5, sli, ...extra }] });
}

const events = (error_query: string) => ({
  events: { error_query, total_query: "sum(rate(http_requests_total[{{.window}}]))" },
});

describe("Sloth SLIs", () => {
  it.each([
    ['code=~"(5..|429)"', "http-5xx"],
    ['status=~"5.."', "http-5xx"],
    ['code="503"', "http-5xx"],
    ['grpc_code="Unavailable"', "error-status"],
  ])("an error query matching %s counts errors as %s", (matcher, errorWhen) => {
    const { slos, findings } = parseSpecs(
      "s.yaml",
      sloth(events(`sum(rate(http_requests_total{${matcher}}[{{.window}}]))`)),
    );
    expect(findings).toEqual([]);
    expect(slos[0]!.slo.sli).toEqual({ type: "availability", errorWhen });
    expect(slos[0]!.mapping.to).toContain("availability of entry spans of service shop");
    expect(slos[0]!.mapping.how).toContain(errorWhen === "http-5xx" ? "500 or more" : "no 5xx code pattern");
  });

  it("reads a raw error ratio query as availability", () => {
    const { slos } = parseSpecs(
      "s.yaml",
      sloth({ raw: { error_ratio_query: 'sum(rate(x{code=~"5.."}[5m])) / sum(rate(x[5m]))' } }),
    );
    expect(slos[0]!.slo.sli).toEqual({ type: "availability", errorWhen: "http-5xx" });
    expect(slos[0]!.mapping.from).toContain("sum(rate(x{code=~");
  });

  it.each([
    ['http_request_duration_seconds_bucket{le="0.3"}', 300],
    ['rpc_latency_milliseconds_bucket{job="a", le="250"}', 250],
  ])("reads a histogram bucket query (%s) as latency of %d ms", (bucket, thresholdMs) => {
    const query = `sum(rate(http_request_duration_seconds_count[{{.window}}])) - sum(rate(${bucket}[{{.window}}]))`;
    const { slos, findings } = parseSpecs("s.yaml", sloth(events(query)));
    expect(findings).toEqual([]);
    expect(slos[0]!.slo.sli).toEqual({ type: "latency", thresholdMs });
    expect(slos[0]!.mapping.to).toBe(`latency of entry spans of service shop: share faster than ${thresholdMs} ms`);
  });

  it("refuses a +Inf bucket and a plugin SLI, naming the field", () => {
    const inf = parseSpecs("s.yaml", sloth(events('sum(rate(x_bucket{le="+Inf"}[5m]))')));
    expect(inf.findings.map((f) => [f.field, f.line])).toEqual([["slos[0].sli", 6]]);
    expect(inf.findings[0]!.message).toContain('le="+Inf"');
    const plugin = parseSpecs("s.yaml", sloth({ plugin: { id: "sloth-common/availability" } }));
    expect(plugin.findings.map((f) => f.field)).toEqual(["slos[0].sli.plugin"]);
  });

  it("takes vigil.dev/* labels as overrides and keeps them out of the SLO's labels", () => {
    const labels = {
      "vigil.dev/sli": "latency:0.5s",
      "vigil.dev/service": "shop-api",
      "vigil.dev/operation": "GET /",
      team: "a",
    };
    const { slos, findings } = parseSpecs("s.yaml", sloth(events("x"), { labels }));
    expect(findings).toEqual([]);
    expect(slos[0]!.slo).toMatchObject({
      service: "shop-api",
      operation: "GET /",
      sli: { type: "latency", thresholdMs: 500 },
      labels: { team: "a" },
    });
    expect(slos[0]!.mapping.how).toContain("vigil.dev/sli");
    const text = sloth(events("x"), { labels: { "vigil.dev/sli": "speed" } });
    const line = text.split("\n").findIndex((row) => row.includes("vigil.dev/sli")) + 1;
    const bad = parseSpecs("s.yaml", text);
    expect(bad.findings.map((f) => [f.field, f.line])).toEqual([["slos[0].labels.vigil.dev/sli", line]]);
  });

  it("makes <service>-<name> a DNS label, and says so", () => {
    const text = sloth(events("x"), {}, "My Shop").replace("name: requests", "name: Requests_Total");
    const { slos, findings } = parseSpecs("s.yaml", text);
    expect(slos[0]!.slo.name).toBe("my-shop-requests-total");
    expect(findings).toMatchObject([{ severity: "warning", field: "slos[0].name" }]);
  });

  it("reads time_window and page/ticket disable", () => {
    const extra = { time_window: "28d", alerting: { page_alert: { disable: true }, ticket_alert: { disable: false } } };
    const { slos } = parseSpecs("s.yaml", sloth(events("x"), extra));
    expect(slos[0]!.slo.window).toBe("28d");
    expect(slos[0]!.slo.alerting.page.enabled).toBe(false);
    expect(slos[0]!.slo.alerting.ticket.enabled).toBe(true);
    const bad = parseSpecs("s.yaml", sloth(events("x"), { time_window: "90d" }));
    expect(bad.findings.map((f) => [f.field, f.message])).toEqual([
      ["slos[0].time_window", expect.stringContaining("must be one of")],
    ]);
  });
});

function openSlo(
  indicator: unknown,
  objective: Record<string, unknown> = { target: 0.99 },
  extra: Record<string, unknown> = {},
) {
  const { metadata, ...spec } = extra;
  return stringify({
    apiVersion: "openslo/v1",
    kind: "SLO",
    metadata: { name: "web", ...(metadata as object) },
    spec: {
      service: "web",
      indicator: { metadata: { name: "web-sli" }, spec: indicator },
      budgetingMethod: "Occurrences",
      timeWindow: [{ duration: "30d", isRolling: true }],
      objectives: [objective],
      ...spec,
    },
  });
}

const source = (query: string) => ({ metricSource: { type: "Prometheus", spec: { query } } });

describe("OpenSLO SLIs", () => {
  it("reads good/total and bad/total ratios as availability", () => {
    const good = parseSpecs(
      "o.yaml",
      openSlo({ ratioMetric: { counter: true, good: source('sum(r{code=~"2xx|4xx"})'), total: source("sum(r)") } }),
    );
    expect(good.slos[0]!.slo.sli).toEqual({ type: "availability", errorWhen: "http-5xx" });
    expect(good.slos[0]!.mapping.from).toBe('good: sum(r{code=~"2xx|4xx"}); total: sum(r)');
    const bad = parseSpecs(
      "o.yaml",
      openSlo({ ratioMetric: { counter: true, bad: source("sum(errors)"), total: source("sum(r)") } }),
    );
    expect(bad.slos[0]!.slo.sli).toEqual({ type: "availability", errorWhen: "error-status" });
  });

  it("reads a threshold kept below a value as latency", () => {
    const seconds = parseSpecs(
      "o.yaml",
      openSlo(
        { thresholdMetric: source("histogram_quantile(0.9, rate(req_duration_seconds_bucket[5m]))") },
        { op: "lte", value: 0.3, target: 0.9 },
      ),
    );
    expect(seconds.slos[0]!.slo.sli).toEqual({ type: "latency", thresholdMs: 300 });
    const ms = parseSpecs(
      "o.yaml",
      openSlo({ thresholdMetric: source("p90_latency_ms") }, { op: "lt", value: 250, target: 0.9 }),
    );
    expect(ms.slos[0]!.slo.sli).toEqual({ type: "latency", thresholdMs: 250 });
    const above = parseSpecs(
      "o.yaml",
      openSlo({ thresholdMetric: source("throughput") }, { op: "gte", value: 100, target: 0.9 }),
    );
    expect(above.slos).toEqual([]);
    expect(above.findings.map((f) => f.field)).toEqual(["spec.objectives[0].op"]);
  });

  it("takes the vigil.dev annotations over the queries", () => {
    const annotations = {
      "vigil.dev/sli": "availability:http-5xx",
      "vigil.dev/service": "Web Frontend",
      "vigil.dev/environment": "prod",
    };
    const { slos, findings } = parseSpecs(
      "o.yaml",
      openSlo({ thresholdMetric: source("x") }, { op: "gt", value: 1, target: 0.9 }, { metadata: { annotations } }),
    );
    expect(findings).toEqual([]);
    expect(slos[0]!.slo).toMatchObject({
      service: "Web Frontend",
      environment: "prod",
      sli: { type: "availability", errorWhen: "http-5xx" },
    });
  });

  it("maps windows, time slices and labels, and warns where Vigil differs", () => {
    const window = {
      timeWindow: [
        { duration: "1M", isRolling: false, calendar: { startTime: "2022-01-01 00:00:00", timeZone: "Europe/Warsaw" } },
      ],
    };
    const labels = { metadata: { labels: { team: ["a", "b"], "app.kubernetes.io": "web" } } };
    const ratio = { ratioMetric: { counter: true, good: source("g"), total: source("t") } };
    const objectives = [
      { target: 0.995, timeSliceTarget: 0.9, timeSliceWindow: "5m" },
      { target: 0.9, timeSliceTarget: 0.9, timeSliceWindow: "1m" },
    ];
    const { slos, findings } = parseSpecs(
      "o.yaml",
      openSlo(ratio, {}, { ...window, ...labels, budgetingMethod: "Timeslices", objectives }),
    );
    expect(slos[0]!.slo).toMatchObject({
      window: "1M",
      objectivePercent: 99.5,
      timeSlice: { targetPercent: 90, windowMinutes: 5 },
      labels: { team: "a,b", app_kubernetes_io: "web" },
    });
    expect(findings.map((f) => [f.severity, f.field])).toEqual([
      ["warning", "metadata.labels.app.kubernetes.io"],
      ["warning", "spec.timeWindow[0].calendar.timeZone"],
      ["warning", "spec.objectives"],
    ]);
  });

  it("refuses windows and slices Vigil does not keep, and composite SLOs", () => {
    const ratio = { ratioMetric: { counter: true, good: source("g"), total: source("t") } };
    const quarter = parseSpecs(
      "o.yaml",
      openSlo(ratio, undefined, {
        timeWindow: [
          { duration: "1Q", isRolling: false, calendar: { startTime: "2022-01-01 00:00:00", timeZone: "UTC" } },
        ],
      }),
    );
    expect(quarter.findings.map((f) => [f.field, f.message])).toEqual([
      ["spec.timeWindow[0].duration", expect.stringContaining("calendar windows")],
    ]);
    const slice = parseSpecs(
      "o.yaml",
      openSlo(ratio, { target: 0.9, timeSliceWindow: "2h" }, { budgetingMethod: "RatioTimeslices" }),
    );
    expect(slice.findings.map((f) => [f.field, f.message])).toEqual([
      ["spec.objectives[0].timeSliceWindow", "Vigil keeps time slices of 1 to 60 minutes"],
    ]);
    const composite = parseSpecs(
      "o.yaml",
      openSlo(ratio, undefined, {
        indicator: undefined,
        objectives: [{ target: 0.9, indicatorRef: "a", compositeWeight: 1 }],
      }),
    );
    expect(composite.findings.map((f) => [f.field, f.message])).toEqual([
      ["spec.objectives", expect.stringContaining("composite SLO")],
    ]);
  });
});
