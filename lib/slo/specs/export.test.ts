import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SloInput, type SloDefinition } from "@/lib/slo/schemas";
import { toOpenSlo } from "./export-openslo";
import { toSloth } from "./export-sloth";
import { parseSpecs } from "./parse-specs";

// Every SLO exports as OpenSLO that Vigil's oslo-equivalent validator accepts without a finding, and
// as a Sloth spec; reading either back gives the very same SLO.

const base: SloInput = {
  name: "checkout-availability",
  service: "checkout",
  sli: { type: "availability" },
  objectivePercent: 99.9,
  window: "30d",
};

const examples: [string, SloInput][] = [
  ["the minimum", base],
  [
    "HTTP 5xx availability with scope",
    {
      ...base,
      sli: { type: "availability", errorWhen: "http-5xx" },
      operation: "POST /pay",
      environment: "prod",
    },
  ],
  ["availability of a feature", { ...base, environment: "prod", feature: "cart" }],
  [
    "latency in a calendar month, Timeslices",
    {
      ...base,
      sli: { type: "latency", thresholdMs: 250.5 },
      window: "1M",
      budgetingMethod: "Timeslices",
      timeSlice: { targetPercent: 95.5, windowMinutes: 5 },
    },
  ],
  [
    "calendar week, RatioTimeslices",
    { ...base, window: "1w", budgetingMethod: "RatioTimeslices", timeSlice: { windowMinutes: 60 } },
  ],
  [
    "a service that is no DNS label",
    {
      ...base,
      name: "pay",
      service: "Zahlungsdienst – Ü",
      displayName: "x".repeat(150),
      description: "line one\nline two: with # and 'quotes'",
    },
  ],
  [
    "labels OpenSLO can not hold, alerting off",
    {
      ...base,
      labels: { _team: "pay", tier: "1" },
      alerting: {
        name: "PayBurn",
        labels: { severity: "page" },
        page: { enabled: false },
        ticket: { enabled: true, annotations: { runbook: "https://x/y" } },
      },
    },
  ],
  ["objective with nine decimals", { ...base, objectivePercent: 99.999999999, window: "7d" }],
];

function roundTrips(slo: SloDefinition) {
  const openSlo = parseSpecs("exported.yaml", toOpenSlo(slo));
  expect(openSlo.findings).toEqual([]);
  expect(openSlo.slos.map((entry) => entry.slo)).toEqual([slo]);
  const sloth = parseSpecs("exported.sloth.yaml", toSloth(slo));
  expect(sloth.findings).toEqual([]);
  expect(sloth.slos.map((entry) => entry.slo)).toEqual([slo]);
}

describe("export and read back", () => {
  it.each(examples)("%s", (_, input) => roundTrips(SloInput.parse(input)));

  // Objectives and thresholds are full doubles; time-slice targets (kept as ratios in OpenSLO) two decimals.
  it("round-trips 300 random SLOs", () => {
    let seed = 16;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    for (let i = 0; i < 300; i++) {
      const method = pick(["Occurrences", "Timeslices", "RatioTimeslices"] as const);
      const slo = SloInput.parse({
        name: `slo-${i}-${pick(["a", "b-c", "x1"])}`,
        service: pick(["api", "Checkout API", "billing.v2", "ünïcode svc", "a-b"]),
        operation: pick([null, "GET /items/{id}", "consume orders"]),
        sli: pick([
          { type: "availability" },
          { type: "availability", errorWhen: "http-5xx" },
          { type: "latency", thresholdMs: random() * 1000 + 0.001 },
        ]),
        objectivePercent: 1 + random() * 98.9,
        window: pick(["7d", "28d", "30d", "1w", "1M"] as const),
        budgetingMethod: method,
        timeSlice:
          method === "Occurrences"
            ? null
            : { targetPercent: Math.round(random() * 9000 + 500) / 100, windowMinutes: 1 + Math.floor(random() * 60) },
        labels: pick([{}, { team: "core" }, { _x: "y", owner: "a b" }]),
      });
      roundTrips(slo);
    }
  });

  it("says in the OpenSLO export that Vigil reads the SLI (metricSource type vigil)", () => {
    const text = toOpenSlo(SloInput.parse({ ...base, sli: { type: "latency", thresholdMs: 300 } }));
    const [service, slo] = text.split(/^---$/m).map((doc) => parse(doc));
    expect(service).toMatchObject({ apiVersion: "openslo/v1", kind: "Service", metadata: { name: "checkout" } });
    expect(slo.spec.indicator.spec.thresholdMetric.metricSource).toMatchObject({
      type: "vigil",
      spec: { sli: "latency:300ms", unit: "ms" },
    });
    expect(slo.spec.objectives).toEqual([{ op: "lte", value: 300, targetPercent: 99.9 }]);
  });

  it("writes Sloth's fields as Sloth has them and marks the queries as Vigil's", () => {
    const slo = SloInput.parse({
      ...base,
      alerting: { name: "CheckoutBurn", page: { enabled: false, labels: { severity: "page" } } },
    });
    const text = toSloth(slo);
    expect(text).toMatch(/^# Exported by Vigil\. The SLI is read by Vigil from traces/);
    const spec = parse(text);
    expect(spec).toMatchObject({ version: "prometheus/v1", service: "checkout" });
    expect(spec.slos[0]).toMatchObject({
      name: "availability",
      objective: 99.9,
      alerting: {
        name: "CheckoutBurn",
        page_alert: { disable: true, labels: { severity: "page" } },
        ticket_alert: { labels: {} },
      },
    });
    expect(spec.slos[0].sli.events.error_query).toMatch(/^vigil:errors \{/);
    expect(spec.slos[0].time_window).toBeUndefined();
  });
});
