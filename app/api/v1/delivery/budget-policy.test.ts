import { describe, expect, it } from "vitest";
import * as deployments from "@/app/api/v1/delivery/deployments/route";
import { systemCtx } from "@/lib/context";
import { pool, sqlTransaction } from "@/lib/db";
import { createSlo } from "@/lib/slo/create-slo";
import { buildHours } from "@/lib/traces/rollup-minutes";
import { getSlo } from "@/lib/slo/get-slo";
import { uniqueName } from "@/test/factories";
import { deliveryFixture, postTo } from "@/test/delivery-webhooks";
import { bearerKey } from "@/test/http-callers";
import { privateDatabaseForFile } from "@/test/private-database";

// The error budget policy on the deployment webhook: a pipeline can gate on budgetExhausted.

// Its own database: the SLO is evaluated up to the rollups' frontier, which other files move.
privateDatabaseForFile("budget_policy");
const ctx = systemCtx("test");
const DEPLOYMENTS = "/api/v1/delivery/deployments";

/**
 * An hour of minutes of a service, a tenth of its requests failing, summed into their hours and
 * days as the rollup job would: the SLO reads whole hours and days from those, so minutes alone
 * would read as no data whenever the hour before `until` is a whole one (just after the hour).
 */
async function failingHour(service: string, until: number) {
  const minutes = Array.from({ length: 60 }, (_, k) => new Date(until - (k + 1) * 60_000));
  await pool().query(
    `INSERT INTO span_minute (minute, service, operation, environment, requests, errors, buckets, counts)
     SELECT m, $1, 'POST /pay', 'prod', 100, 10, '{40}', '{100}' FROM unnest($2::timestamptz[]) AS m`,
    [service, minutes],
  );
  await sqlTransaction((client) => buildHours(client, [{ from: until - 3_600_000, to: until }]));
}

describe("the deployment webhook's budgetExhausted", () => {
  it("is true for a service with an SLO whose budget is spent, false for one without", async () => {
    const key = await bearerKey(["ingest:delivery"]);
    const [spent, fine] = [uniqueName("spent-svc"), uniqueName("fine-svc")];
    // The hour just ended, whatever the time: read from the hourly rollup every run.
    await failingHour(spent, Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const slo = await createSlo(ctx, {
      name: uniqueName("budget")
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-"),
      service: spent,
      sli: { type: "availability" },
      objectivePercent: 99.9,
      window: "7d",
    });
    expect((await getSlo(ctx, slo.id)).status).toBe("exhausted");
    for (const [service, expected] of [
      [spent, true],
      [fine, false],
    ] as const) {
      const body = { ...deliveryFixture("devlake-deployment.json"), id: uniqueName("deploy"), service };
      const response = await postTo(deployments.POST, DEPLOYMENTS, body, { authorization: key });
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ outcome: "created", budgetExhausted: expected });
    }
  });
});
