import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import { rollupSpans } from "@/lib/traces/rollup-spans";
import { ingestOtlpJson } from "@/test/span-factory";
import { privateDatabaseForFile } from "@/test/private-database";
import { computeEvaluation } from "./compute-evaluation";
import { createSlo } from "./create-slo";
import { evaluateSlos } from "./evaluate-slos";
import { SloInput } from "./schemas";
import { sloSeries } from "./slo-series";

// An SLO scoped to a feature counts only the entry requests of that feature (the resource's
// vigil.feature), from the spans as the receiver stores and the rollup job counts them.

privateDatabaseForFile("slo_feature");
const ctx = systemCtx("test");
const MINUTE = Date.UTC(2026, 10, 20, 10, 15);
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** One root span per outcome, in a resource of the feature. */
function request(feature: string, outcomes: ("ok" | "error" | "503")[], offset: number) {
  return {
    resource: {
      attributes: [
        { key: "service.name", value: { stringValue: "shop-api" } },
        { key: "deployment.environment", value: { stringValue: "prod" } },
        { key: "vigil.feature", value: { stringValue: feature } },
      ],
    },
    scopeSpans: [
      {
        spans: outcomes.map((outcome, k) => ({
          traceId: hex(offset + k + 1, 32),
          spanId: hex(offset + k + 1, 16),
          name: k % 2 ? "GET /cart" : "POST /pay",
          kind: 2,
          startTimeUnixNano: String(BigInt(MINUTE + k * 1000) * 1_000_000n),
          endTimeUnixNano: String(BigInt(MINUTE + k * 1000 + 20) * 1_000_000n),
          status: { code: outcome === "ok" ? 0 : 2 },
          attributes: outcome === "503" ? [{ key: "http.response.status_code", value: { intValue: "503" } }] : [],
        })),
      },
    ],
  };
}

const slo = (input: Partial<SloInput>) =>
  SloInput.parse({
    name: "checkout",
    service: "shop-api",
    feature: "checkout",
    sli: { type: "availability" },
    objectivePercent: 99,
    window: "30d",
    ...input,
  });

describe("an SLO scoped to a feature", () => {
  it("counts that feature's entry requests only, by error status or by HTTP 5xx", async () => {
    const checkout = request("checkout", ["ok", "error", "503", "503", "ok", "ok", "ok", "ok", "ok", "ok"], 0);
    const search = request("search", Array(10).fill("ok"), 100);
    await ingestOtlpJson(ctx, JSON.stringify({ resourceSpans: [checkout, search] }));
    await rollupSpans(ctx, { from: new Date(MINUTE), to: new Date(MINUTE + 60_000) });
    const until = new Date(MINUTE + 60_000);

    const errors = await computeEvaluation(slo({}), until);
    expect([errors.good, errors.total]).toEqual([7, 10]);
    expect(errors.burnRates["5m"]).toBeCloseTo(0.3 / 0.01, 9);
    const http = await computeEvaluation(slo({ sli: { type: "availability", errorWhen: "http-5xx" } }), until);
    expect([http.good, http.total]).toEqual([8, 10]);
    const other = await computeEvaluation(slo({ feature: "search" }), until);
    expect([other.good, other.total]).toEqual([10, 10]);
    const service = await computeEvaluation(slo({ feature: null }), until);
    expect([service.good, service.total]).toEqual([17, 20]);

    // Stored, evaluated by the worker's cycle beside an SLO of the whole service, and charted per hour.
    const created = await createSlo(ctx, slo({}));
    await createSlo(ctx, slo({ name: "shop", feature: null }));
    const run = await evaluateSlos(ctx, new Date(MINUTE + 90_000));
    expect(run.failed).toEqual([]);
    const series = await sloSeries(ctx, created.id, new Date(MINUTE + 90_000));
    expect(series.points.map((p) => [p.good, p.total])).toEqual([[7, 10]]);
  });

  it("is refused with a latency SLI or an operation, naming the feature field", async () => {
    const refused = [{ sli: { type: "latency", thresholdMs: 300 } }, { operation: "POST /pay" }] as Partial<SloInput>[];
    for (const input of refused) {
      const error = await createSlo(ctx, { ...slo({}), ...input, name: "refused" }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(VigilError);
      expect(JSON.stringify((error as VigilError).details)).toContain("feature");
    }
  });
});
