import { expect, test } from "@playwright/test";
import { formatUsd, sumMoney } from "@/lib/decimal";
import { OverviewPage } from "./pages/overview-page";

const DEMO_SERVICES = ["payments-api", "ledger", "fraud-scoring", "kyc", "notifications"];

test("the overview shows the demo services and draws their daily spend", async ({ page }) => {
  const overview = new OverviewPage(page);

  await test.step("open the overview as an executive", async () => {
    await overview.openAs("viewer", "/", "Overview");
    await expect(overview.statusBadge).toHaveText("embedded database ok");
  });

  await test.step("every demo service is listed with its spend", async () => {
    for (const name of DEMO_SERVICES) {
      const row = overview.serviceRow(name);
      await expect(row).toBeVisible();
      await expect(row.getByRole("cell").last()).toHaveText(/^\$[1-9][\d,]*\.\d{2}$/);
    }
    await expect(overview.spendTile).toContainText(/\$[1-9][\d,]+/);
    // The share the Costs page shows: the demo's untagged shared network and logs.
    await expect(page.getByTestId("tile-unallocated")).toHaveText(/Unallocated spend\s*([1-9]\d?|\d)\.\d%/);
  });

  await test.step("the spend chart is drawn, stacked per service, with unallocated spend shown", async () => {
    await expect(overview.spendChart.locator("svg.recharts-surface").first()).toBeVisible();
    // 30 days x (5 services + unallocated) stacked segments.
    await expect(overview.bars()).toHaveCount(30 * 6);
    for (const name of [...DEMO_SERVICES, "unallocated"]) await expect(overview.legendItem(name)).toBeVisible();
    await overview.screenshot("overview");
  });

  await test.step("the 30-day spend is the costs summary's billed total over the same window", async () => {
    await expect(async () => {
      const shown = await (await page.request.get("/api/v1/overview?days=30")).json();
      const { from, to } = shown.window;
      const summary: { cost: string }[] = await (
        await page.request.get(`/api/v1/costs/summary?from=${from}&to=${to}&groupBy=provider&metric=billed`)
      ).json();
      expect(sumMoney([shown.totalSpend])).toBe(sumMoney(summary.map((row) => row.cost)));
      await expect(overview.spendTile).toContainText(formatUsd(shown.totalSpend, { cents: false }));
    }).toPass({ timeout: 10_000 });
  });
});

test("the health endpoint reports the embedded database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "embedded" });
});
