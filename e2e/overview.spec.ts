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
    await expect(page.getByTestId("tile-unallocated")).toHaveText(/Unallocated\s*([1-9]\d?|\d)\.\d%/);
  });

  await test.step("the spend chart is drawn, stacked per service, with spend of no service named apart", async () => {
    await expect(overview.spendChart.locator("svg.recharts-surface").first()).toBeVisible();
    // Each day of the demo's bill x (5 services + no service) stacked segments. The demo is loaded
    // at server start with the 30 days before it: 29 of them are in the window once UTC midnight
    // has passed since.
    const { spendByDay } = await (await page.request.get("/api/v1/overview?days=30")).json();
    expect(spendByDay.length).toBeGreaterThanOrEqual(29);
    for (const day of spendByDay) expect(Object.keys(day.byService)).toHaveLength(6);
    await expect(overview.bars()).toHaveCount(spendByDay.length * 6);
    for (const name of [...DEMO_SERVICES, "no service"]) await expect(overview.legendItem(name)).toBeVisible();
    await expect(overview.legendItem("unallocated")).toHaveCount(0);
    await overview.screenshot("overview");
  });

  await test.step("each tile says how it moved against the 30 days before; the month is set against its forecast and budgets", async () => {
    // Either each tile says how it moved, or (the demo's bill starts 30 days ago) the row says once that nothing came before.
    const nothingBefore = page.getByText(/^Last 30 days \(no spend \d\d-\d\d – \d\d-\d\d to compare\)$/);
    const moved = page.getByTestId("tile-spend-change").filter({
      hasText: /^[▲▼=] \$[\d,]+\.\d{2}( \([+-]?\d+\.\d%\))? vs \d\d-\d\d – \d\d-\d\d( \(\d+ days with spend\))?$/,
    });
    await expect(nothingBefore.or(moved)).toBeVisible();
    await expect(page.getByTestId("tile-month")).toContainText(/forecast \$[\d,]+\.\d{2} by month end/);
    // The demo's card-payments budget is forecast over.
    await expect(page.getByTestId("tile-budgets")).toContainText(/\d+ of \d+ on track/);
  });

  await test.step("the 30-day spend is the costs summary's effective total over the same window", async () => {
    await expect(async () => {
      const shown = await (await page.request.get("/api/v1/overview?days=30")).json();
      const { from, to } = shown.window;
      const summary: { cost: string }[] = await (
        await page.request.get(`/api/v1/costs/summary?from=${from}&to=${to}&groupBy=provider&metric=effective`)
      ).json();
      expect(sumMoney([shown.current.total])).toBe(sumMoney(summary.map((row) => row.cost)));
      await expect(overview.spendTile).toContainText(formatUsd(shown.current.total));
    }).toPass({ timeout: 10_000 });
  });

  await test.step("a service opens its page (its own windows are hours and days, not the cost window)", async () => {
    await page.getByRole("group", { name: "Window" }).getByRole("link", { name: "90d" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview");
    await expect(page.getByText(/^Allocated effective cost, \d{4}-\d\d-\d\d to/)).toBeVisible();
    await overview.serviceRow("payments-api").getByRole("link", { name: "payments-api" }).click();
    await expect(page).toHaveURL(/\/services\/payments-api$/);
  });
});

test("the health endpoint reports the embedded database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "embedded" });
});
