import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { importBillingFile } from "@/collectors/billing/import-billing-file";
import { importStateFile } from "@/collectors/iac/import-state-file";
import { costSummary } from "@/lib/attribution/cost-summary";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { sumMoney } from "@/lib/decimal";
import { registerService } from "@/lib/services/register-service";
import { addDays, utcDay } from "@/lib/time";
import { roleCtx, uniqueName } from "@/test/factories";
import { getOverview } from "@/lib/overview/get-overview";
import { UNALLOCATED } from "@/lib/attribution/reserved-keys";

const ctx = systemCtx("test");

/** A legacy CUR whose tags use AWS's `user:` prefix: one column per tag key. */
function cur(payer: string, day: string, rows: { resource: string; cost: string; tags: [string, string] }[]): string {
  const header =
    "identity/LineItemId,bill/PayerAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate," +
    "lineItem/ProductCode,lineItem/ResourceId,lineItem/UnblendedCost,resourceTags/user:service,resourceTags/user:env";
  const lines = rows.map(
    (row, i) =>
      `line-${i},${payer},Usage,${day}T00:00:00Z,${addDays(day, 1)}T00:00:00Z,AmazonEC2,${row.resource},${row.cost},${row.tags.join(",")}`,
  );
  return [header, ...lines].join("\n") + "\n";
}

/** A Terraform state naming the service a resource serves under the `app` tag key. */
function state(lineage: string, id: string, service: string): string {
  return JSON.stringify({
    version: 4,
    terraform_version: "1.9.0",
    serial: 1,
    lineage,
    resources: [
      {
        mode: "managed",
        type: "aws_elasticache_cluster",
        name: "cache",
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [{ attributes: { id, arn: id, tags: { app: service } } }],
      },
    ],
  });
}

describe("the Overview and the costs summary (PostgreSQL)", () => {
  afterAll(closeDb);

  it("give one answer for a bill tagged user:service and a resource whose service comes from the inventory", async () => {
    const service = uniqueName("cur-svc");
    const payer = String(100_000_000_000 + Math.floor(Math.random() * 800_000_000_000));
    const now = new Date();
    const day = addDays(utcDay(now), -3);
    await registerService(ctx, { name: service, team: "payments", tier: "standard" });
    const cache = `arn:aws:elasticache:us-east-1:${payer}:cluster:${service}`;
    await importStateFile(ctx, { name: "cache.tfstate", text: state(uniqueName("lineage"), cache, service) });
    const csv = cur(payer, day, [
      { resource: `i-${service}`, cost: "12.5", tags: [service, "prod"] },
      { resource: cache, cost: "7.25", tags: ["", "prod"] },
    ]);
    await importBillingFile(ctx, { format: "cur-legacy", fileName: "user-tags.csv", via: "api" }, Readable.from([csv]));

    for (const metric of ["effective", "billed"] as const) {
      const overview = await getOverview(
        roleCtx("viewer"),
        metric === "billed" ? { days: 30, metric } : { days: 30 },
        now,
      );
      expect(overview.metric).toBe(metric);
      const { from, to } = overview.window;
      const byAppService = await costSummary(ctx, { from, to, groupBy: "appService", metric, limit: 1000 });
      const summaryOf = (key: string) => byAppService.find((row) => row.key === key)?.cost;

      expect(summaryOf(service)).toBe("19.75");
      expect(overview.spendByDay.find((entry) => entry.day === day)?.byService[service]).toBe(summaryOf(service));
      expect(overview.services.find((entry) => entry.name === service)).toMatchObject({
        spend: summaryOf(service),
        environments: ["prod"],
      });
      // Spend with no application service has its own key on the chart, apart from "unallocated" (no feature).
      expect(overview.spendKeys).not.toContain(UNALLOCATED);
      expect(overview.current.total).toBe(overview.totalSpend);
      // The totals too, read again when another test's allocation lands between the two reads.
      await expect
        .poll(async () => {
          const [again, summary] = await Promise.all([
            getOverview(roleCtx("viewer"), { days: 30, metric }, now),
            costSummary(ctx, { from, to, groupBy: "provider", metric, limit: 1000 }),
          ]);
          return sumMoney([again.current.total]) === sumMoney(summary.map((row) => row.cost));
        })
        .toBe(true);
    }
  });
});
