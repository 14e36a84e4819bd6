import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { formatUsd, sumMoney } from "../lib/decimal";
import { ConsolePage } from "./pages/console-page";

const FIXTURES = path.resolve(import.meta.dirname, "../collectors/billing/fixtures");

test("FinOps sees spend by feature with shared costs split by telemetry, opens a feature, and imports billing files", async ({
  page,
}) => {
  const console = await ConsolePage.signedIn(page, "finops");

  await test.step("the Costs page stacks the demo month by feature, with the unallocated share shown", async () => {
    await console.navigateTo("Costs");
    await expect(page.getByTestId("tile-total")).toContainText("$");
    await expect(page.getByTestId("tile-unallocated")).toHaveText(/\d+\.\d%/);
    await expect(page.getByTestId("cost-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
    const breakdown = page.getByTestId("cost-breakdown");
    await expect(breakdown).toContainText("card-payments");
    await expect(breakdown).toContainText("unallocated");
    await expect(page.getByTestId("unit-cost-chart").locator("path.recharts-line-curve")).toBeVisible();
    await console.screenshot("costs");
    await page.getByRole("group", { name: "Group by" }).getByRole("link", { name: "Team" }).click();
    await expect(page.getByTestId("cost-breakdown")).toContainText("payments");
    await page.getByRole("group", { name: "Metric" }).getByRole("link", { name: "Billed" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Costs");
    await expect(page.getByText(/Allocated billed cost/)).toBeVisible();
  });

  await test.step("a feature page explains where its cost comes from, with its unit cost and a named forecast", async () => {
    await page.goto("/costs?groupBy=feature");
    await page.getByTestId("cost-breakdown").getByRole("link", { name: "card-payments" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Card payments");
    await expect(page.getByTestId("feature-unit-cost")).toHaveText(
      /Unit cost\$[\d,]+\.(\d{2}|\d{4})per 1,000 requests/,
    );
    const sources = page.getByTestId("feature-sources");
    await expect(sources).toContainText("split by telemetry");
    await expect(sources).toContainText(/\d+(\.\d+)?% of payments-api requests/);
    // A month of demo spend is history enough for the seasonal model budgets project with.
    await expect(page.getByTestId("forecast-method")).toContainText("seasonal model's expected spend");
    await console.screenshot("feature");
  });

  await test.step("budgets show this month's spend against each limit; FinOps adds one; the worker's alerts are listed", async () => {
    await page.goto("/costs/budgets");
    const budgets = page.getByTestId("budgets");
    await expect(budgets).toContainText("card-payments");
    await expect(budgets.getByRole("meter").first()).toBeVisible();
    await page.getByLabel("Scope").selectOption("team");
    await page.getByLabel("Team", { exact: true }).selectOption("risk");
    await page.getByLabel("Monthly budget (USD)").fill("50");
    await page.getByRole("button", { name: "Add budget" }).click();
    await expect(budgets.getByRole("row").filter({ hasText: "risk" })).toContainText(
      /over budget|forecast over budget/,
    );
    // The worker checks budgets after each allocation; the demo's card-payments budget is overrun by its forecast.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("cost-alerts")).toContainText("card-payments", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await console.screenshot("budgets");
  });

  await test.step("an upload lands whole and is listed; a broken file is refused with its line and column", async () => {
    await page.goto("/costs/imports");
    await expect(page.getByTestId("imports")).toContainText("vigil-demo-focus.csv");
    await page.getByRole("button", { name: "Import" }).isDisabled();
    await page.locator('input[type="file"]').setInputFiles(path.join(FIXTURES, "focus_sample.csv"));
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByTestId("upload-outcome")).toContainText("Imported 1,000 lines");
    await expect(page.getByTestId("imports").getByRole("row").nth(1)).toContainText("focus_sample.csv");

    const lines = fs.readFileSync(path.join(FIXTURES, "focus_sample.csv"), "utf8").split("\n");
    lines[41] = lines[41].replace(/^NULL,[0-9.]+,/, "NULL,1.2.3,");
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "broken-focus.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByTestId("upload-outcome")).toContainText(
      'broken-focus.csv, line 42, column BilledCost: "1.2.3" is not a decimal number',
    );
    await expect(page.getByTestId("imports").getByRole("row").nth(1)).toContainText("failed");
    await console.screenshot("imports");
  });

  await test.step("the inventory lists the demo's Terraform resources with their month of cost", async () => {
    await page.goto("/costs/inventory?q=payments-nodes");
    const inventory = page.getByTestId("inventory");
    await expect(inventory.getByRole("row")).toHaveCount(4);
    await expect(inventory).toContainText("module.prod.aws_eks_node_group.payments_nodes");
    await expect(inventory.getByRole("row").nth(1).getByRole("cell").last()).toHaveText(/^\$[\d,]+\.\d{2}$/);
    await page.goto("/costs/inventory");
    await console.screenshot("inventory");
  });
});

test("the billing API answers a bad file with 400 naming file, line and column", async ({ playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL as string } });
  expect((await admin.post("/api/demo/sign-in", { form: { role: "admin" }, maxRedirects: 0 })).status()).toBe(303);
  const created = await admin.post("/api/v1/api-keys", {
    data: { name: `billing-${Date.now()}`, scopes: ["ingest:billing"] },
  });
  const { key } = await created.json();
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  const bad = await api.post("/api/v1/billing/imports?format=cur-legacy&name=cur.csv", {
    data: "lineItem/LineItemType,lineItem/UsageStartDate\nUsage,2024-01-01\n",
  });
  expect(bad.status()).toBe(400);
  const body = await bad.json();
  expect(body).toMatchObject({
    file: "cur.csv",
    line: 1,
    column: "lineItem/UsageEndDate",
    error: { code: "bad_request" },
  });
  const good = await api.post("/api/v1/billing/imports?format=focus&name=sp.csv", {
    data: fs.readFileSync(path.join(FIXTURES, "aws_savings_plan_all_upfront_50pct.csv")),
  });
  expect(good.status()).toBe(201);
  expect(await good.json()).toMatchObject({ rows: 28, period: { start: "2026-02-01T00:00:00.000Z" } });
  await admin.dispose();
  await api.dispose();
});

test("the Overview, the Costs page, a feature page and the API give one 30-day total: 30 complete days ending yesterday, effective cost", async ({
  page,
}) => {
  await ConsolePage.signedIn(page, "finops");
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  const stated = `Allocated effective cost, ${from} to`;
  const tileValue = (testId: string) => page.getByTestId(testId).locator(".tile-value").innerText();
  const onOverview = await test.step("the Overview's 30-day total, stated with its metric and days", async () => {
    await page.goto("/");
    await expect(page.getByText(stated)).toBeVisible();
    return tileValue("tile-spend");
  });
  const onCosts =
    await test.step("the Costs page's total and its row for card-payments, same window and metric", async () => {
      await page.goto("/costs?groupBy=feature&metric=effective&window=30d");
      await expect(page.getByText(stated)).toBeVisible();
      expect(await tileValue("tile-total")).toBe(onOverview);
      const row = page.getByTestId("cost-breakdown").getByRole("row").filter({ hasText: "card-payments" });
      return row.locator("td").nth(1).innerText();
    });
  await test.step("the feature page says the same", async () => {
    await page.goto("/costs/features/card-payments");
    await expect(page.getByTestId("feature-cost")).toContainText(onCosts);
  });
  await test.step("and so do GET /api/v1/costs/summary and GET /api/v1/overview over the same days", async () => {
    const response = await page.request.get(
      `/api/v1/costs/summary?from=${from}&to=${today}&groupBy=feature&metric=effective&limit=1000`,
    );
    expect(response.status()).toBe(200);
    const rows = (await response.json()) as { key: string; cost: string }[];
    const cost = rows.find((row) => row.key === "card-payments")?.cost;
    expect(cost && formatUsd(cost)).toBe(onCosts);
    const total = sumMoney(rows.map((row) => row.cost));
    expect(formatUsd(total)).toBe(onOverview);
    const overview = await (await page.request.get("/api/v1/overview?days=30")).json();
    expect(overview).toMatchObject({ window: { from, to: today }, metric: "effective" });
    expect(sumMoney([overview.current.total])).toBe(total);
  });
});
