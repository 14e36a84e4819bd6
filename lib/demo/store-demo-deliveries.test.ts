import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { getDora } from "@/lib/delivery/get-dora";
import { doraMetrics } from "@/lib/delivery/dora-metrics";
import { roleCtx } from "@/test/factories";
import { usePrivateDatabase } from "@/test/private-database";
import { demoDeliveries } from "./demo-deliveries";
import { storeDemoDeliveries } from "./store-demo-deliveries";

// The demo's ids are fixed, so the demo gets a database of its own.
beforeAll(async () => {
  await usePrivateDatabase("demodeliveries");
}, 60_000);

afterAll(closeDb);

const DAY = 86_400_000;
const NOW = new Date("2026-12-06T14:00:00Z");

async function count(table: string, where: string, ids: string[]): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE ${where} = ANY ($1::text[])`,
    [ids],
  );
  return rows[0].n;
}

describe("storeDemoDeliveries (PostgreSQL)", () => {
  it("stores every generated record once, and a second load changes nothing", async () => {
    const data = demoDeliveries(NOW);
    const first = await storeDemoDeliveries(systemCtx("test"), NOW);
    expect(first).toEqual({
      deployments: data.deployments.length,
      pullRequests: data.pullRequests.length,
      incidents: data.incidents.length,
      written: data.deployments.length + data.pullRequests.length + data.incidents.length,
    });
    const deploymentIds = data.deployments.map((d) => d.externalId);
    expect(await count("delivery_deployment", "source = 'demo' AND external_id", deploymentIds)).toBe(
      data.deployments.length,
    );
    expect(
      await count(
        "delivery_pull_request",
        "external_id",
        data.pullRequests.map((pr) => pr.externalId),
      ),
    ).toBe(data.pullRequests.length);
    expect(
      await count(
        "delivery_incident",
        "source = 'demo' AND external_key",
        data.incidents.map((i) => i.externalKey),
      ),
    ).toBe(data.incidents.length);
    const commits = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM delivery_deployment_commit dc JOIN delivery_deployment d ON d.id = dc.deployment_id
        WHERE d.source = 'demo'`,
    );
    expect(commits.rows[0].n).toBe(data.deployments.reduce((sum, d) => sum + d.commits.length, 0));

    expect(await storeDemoDeliveries(systemCtx("test"), NOW)).toEqual({ ...first, written: 0 });
  });

  it("gives the stored demo the figures the pure cores give the generated one, per team", async () => {
    const data = demoDeliveries(NOW);
    const window = { from: new Date(NOW.getTime() - 90 * DAY), to: NOW };
    for (const team of ["payments", "core-banking", "risk"]) {
      const stored = await getDora(roleCtx("viewer"), { from: window.from.toISOString(), to: NOW.toISOString(), team });
      const services = new Set(data.deployments.filter((d) => d.team === team).map((d) => d.service));
      const pure = doraMetrics({
        window,
        deployments: data.deployments.filter((d) => d.team === team),
        incidents: data.incidents.filter((i) => services.has(i.service)),
        pullRequests: data.pullRequests.filter((pr) => services.has(pr.service ?? "")),
      });
      expect(stored.deploymentFrequency).toEqual(pure.deploymentFrequency);
      expect(stored.leadTimeForChanges.medianMinutes).toBeCloseTo(pure.leadTimeForChanges.medianMinutes ?? NaN, 6);
      expect(stored.changeFailureRate).toEqual(pure.changeFailureRate);
      expect(stored.timeToRestore).toEqual(pure.timeToRestore);
    }
  });
});
