import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { detectDeploys } from "@/lib/delivery/detect-deploys";
import { listDeployments } from "@/lib/delivery/list-deployments";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { uniqueName } from "@/test/factories";
import { ingestOtlpJson } from "@/test/span-factory";

const ctx = systemCtx("test");
let nextSpan = 1;

/** One span of `service` at `startMs`, from a resource carrying the version and environment given. */
function spanOf(service: string, startMs: number, resource: Record<string, string>) {
  const id = (nextSpan++).toString(16).padStart(16, "0");
  return JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: Object.entries({ "service.name": service, ...resource }).map(([key, value]) => ({
            key,
            value: { stringValue: value },
          })),
        },
        scopeSpans: [
          {
            spans: [
              {
                traceId: id.padStart(32, "0"),
                spanId: id,
                name: "GET /health",
                kind: 2,
                startTimeUnixNano: String(BigInt(startMs) * 1_000_000n),
                endTimeUnixNano: String(BigInt(startMs + 5) * 1_000_000n),
                status: { code: 0 },
              },
            ],
          },
        ],
      },
    ],
  });
}

async function deploymentsOf(service: string) {
  const { items } = await listDeployments(ctx, { service });
  return items.map((d) => ({ source: d.source, version: d.version, environment: d.environment, at: d.finishedAt }));
}

describe("deploy detection from telemetry", () => {
  it("records a new version as a deployment at its first span, after the first version seen", async () => {
    const service = uniqueName("checkout");
    const now = Date.now();
    await ingestOtlpJson(
      ctx,
      spanOf(service, now - 120_000, { "service.version": "1.0", "deployment.environment.name": "prod" }),
    );
    await detectDeploys(ctx);
    expect(await deploymentsOf(service)).toEqual([]);

    const firstOfNew = now - 60_000;
    await ingestOtlpJson(
      ctx,
      spanOf(service, firstOfNew + 30_000, {
        "service.version": "1.1",
        "deployment.environment.name": "prod",
        "host.name": "a",
      }),
    );
    await ingestOtlpJson(
      ctx,
      spanOf(service, firstOfNew, {
        "service.version": "1.1",
        "deployment.environment.name": "prod",
        "host.name": "b",
      }),
    );
    // No environment: not a deployment Vigil can place; staging counts as staging.
    await ingestOtlpJson(ctx, spanOf(service, now - 30_000, { "service.version": "1.2" }));
    await ingestOtlpJson(
      ctx,
      spanOf(service, now - 30_000, { "service.version": "1.0", "deployment.environment.name": "STAGING" }),
    );
    await detectDeploys(ctx);
    await detectDeploys(ctx);
    expect(await deploymentsOf(service)).toEqual([
      { source: "telemetry", version: "1.1", environment: "PRODUCTION", at: new Date(firstOfNew) },
    ]);
  });

  it("gives way to a webhook's report of the same deploy, before or after detection", async () => {
    const service = uniqueName("ledger");
    const now = Date.now();
    const prod = (version: string) => ({ "service.version": version, "deployment.environment": "production" });
    await ingestOtlpJson(ctx, spanOf(service, now - 300_000, prod("7")));
    await detectDeploys(ctx);
    await ingestOtlpJson(ctx, spanOf(service, now - 200_000, prod("8")));
    await detectDeploys(ctx);
    expect((await deploymentsOf(service)).map((d) => [d.source, d.version])).toEqual([["telemetry", "8"]]);

    const webhook = {
      source: "devlake" as const,
      service,
      team: null,
      environment: "PRODUCTION" as const,
      result: "SUCCESS" as const,
      author: "ci",
      hotfix: false,
      commits: [],
    };
    // After: the report replaces the detected deployment (same version).
    const at = new Date(now - 210_000);
    await recordDeployment(ctx, {
      ...webhook,
      externalId: `${service}-8`,
      version: "8",
      startedAt: at,
      finishedAt: at,
    });
    expect((await deploymentsOf(service)).map((d) => [d.source, d.version])).toEqual([["devlake", "8"]]);

    // Before: a reported version is not detected again.
    const later = new Date(now - 100_000);
    await recordDeployment(ctx, {
      ...webhook,
      externalId: `${service}-9`,
      version: "9",
      startedAt: later,
      finishedAt: later,
    });
    await ingestOtlpJson(ctx, spanOf(service, now - 90_000, prod("9")));
    await detectDeploys(ctx);
    expect((await deploymentsOf(service)).map((d) => [d.source, d.version])).toEqual([
      ["devlake", "9"],
      ["devlake", "8"],
    ]);
  });
});
