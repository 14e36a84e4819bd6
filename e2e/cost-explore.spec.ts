import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { formatUsd } from "../lib/decimal";
import { ConsolePage } from "./pages/console-page";

// Cost exploration on the Costs page, budgets and the feature page, in a real browser on the demo data.

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The breakdown table's rows as [label, cost cell]. */
async function breakdownRows(page: Page): Promise<[string, string][]> {
  const rows = page.getByTestId("cost-breakdown").locator("tbody tr");
  return Promise.all(
    (await rows.all()).map(async (row) => {
      const cells = row.locator("td");
      return [(await cells.nth(0).innerText()).trim(), (await cells.nth(1).innerText()).trim()] as [string, string];
    }),
  );
}

/** Marks the document, so a later check can tell a client-side navigation from a full reload. */
const markDocument = (page: Page) => page.evaluate(() => Object.assign(window, { __sameDocument: true }));
const sameDocument = (page: Page) => page.evaluate(() => "__sameDocument" in window);

test("FinOps narrows spend by several dimensions, by clicking the chart, and downloads exactly the table as CSV", async ({
  page,
}) => {
  await ConsolePage.signedIn(page, "finops");
  const filters = page.getByTestId("cost-filters");

  await test.step("a typed filter and a legend click apply together, without reloading the page", async () => {
    await page.goto("/costs?groupBy=provider&metric=effective&window=30d");
    await markDocument(page);
    await filters.getByLabel("Filter by").selectOption("team");
    await filters.getByLabel("Value").fill("payments");
    await filters.getByRole("button", { name: "Add filter" }).click();
    await expect(page).toHaveURL(/team=payments/);
    await expect(page.getByTestId("filter-team")).toContainText("Team = payments");
    await page.getByTestId("cost-chart").locator(".recharts-legend-item", { hasText: "AWS" }).click();
    await expect(page).toHaveURL(/provider=AWS/);
    await expect(page.getByTestId("filter-provider")).toContainText("Provider = AWS");
    await expect(page.getByTestId("cost-breakdown").locator("tbody tr")).toHaveCount(1);
    expect((await breakdownRows(page))[0][0]).toBe("AWS");
    expect(await sameDocument(page)).toBe(true);
  });

  await test.step("switching the grouping keeps the filters and the document; the API agrees row for row", async () => {
    await page.getByRole("group", { name: "Group by" }).getByRole("link", { name: "Cloud service" }).click();
    await expect(page).toHaveURL(/groupBy=service/);
    await expect(page).toHaveURL(/team=payments.*provider=AWS|provider=AWS.*team=payments/);
    await expect(
      page.getByRole("group", { name: "Group by" }).getByRole("link", { name: "Cloud service" }),
    ).toHaveAttribute("aria-current", "true");
    expect(await sameDocument(page)).toBe(true);
    const shown = await breakdownRows(page);
    expect(shown.length).toBeGreaterThan(0);
    const response = await page.request.get(
      `/api/v1/costs/summary?from=${day(-30)}&to=${day(0)}&groupBy=service&metric=effective&team=payments&provider=AWS`,
    );
    expect(response.status()).toBe(200);
    const api = (await response.json()) as { key: string; cost: string }[];
    for (const [label, cost] of shown.filter(([label]) => !label.startsWith("other")))
      expect(formatUsd(api.find((row) => row.key === label)?.cost ?? "NaN"), label).toBe(cost);
  });

  await test.step("the CSV is the table: the same rows, the same amounts, quoted", async () => {
    const shown = await breakdownRows(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("breakdown-csv").click()]);
    expect(download.suggestedFilename()).toBe(`costs-by-service-${day(-30)}-to-${day(-1)}.csv`);
    const lines = fs
      .readFileSync(await download.path(), "utf8")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe("Cloud service,Effective cost (USD),Share (%)");
    const rows = lines.slice(1).map((line) => line.match(/^("(?:[^"]|"")*"|[^,]*),([^,]*),/)?.slice(1, 3) ?? []);
    expect(rows.map(([label, cost]) => [label.replace(/^"|"$/g, "").replace(/""/g, '"'), formatUsd(cost)])).toEqual(
      shown.map(([label, cost]) => [label.replace(" (show all)", ""), cost]),
    );
  });

  await test.step("clicking a bar narrows by its key too", async () => {
    const before = await breakdownRows(page);
    await page.getByTestId("cost-chart").locator(".recharts-bar-rectangle path").first().click();
    await expect(page).toHaveURL(/[?&]service=/);
    await expect(page.getByTestId("cost-breakdown").locator("tbody tr")).toHaveCount(1);
    const [[label]] = await breakdownRows(page);
    expect(before.map(([key]) => key)).toContain(label);
    await page.getByRole("link", { name: /Remove the filter Cloud service/ }).click();
    await expect(page).not.toHaveURL(/[?&]service=/);
    expect(await sameDocument(page)).toBe(true);
  });

  await test.step("the API refuses a misspelt or hostile filter with a 400 naming it", async () => {
    const base = `/api/v1/costs/summary?from=${day(-30)}&to=${day(0)}`;
    const misspelt = await page.request.get(`${base}&teams=payments`);
    expect(misspelt.status()).toBe(400);
    expect((await misspelt.json()).error.message).toContain("unknown parameter teams");
    const hostile = await page.request.get(`${base}&team=a%00b`);
    expect(hostile.status()).toBe(400);
    expect((await hostile.json()).error.field).toBe("team");
  });
});

test("'other' opens into every key, a page at a time", async ({ page }) => {
  await ConsolePage.signedIn(page, "finops");
  await page.goto("/costs?groupBy=resource&metric=effective&window=30d");
  const rows = page.getByTestId("cost-breakdown").locator("tbody tr");
  const collapsed = await rows.count();
  await page.getByRole("link", { name: "Show every key in other" }).click();
  await expect(page).toHaveURL(/expand=1/);
  await expect(page.getByTestId("breakdown-pager")).toContainText(/keys · page 1 of \d+/);
  expect(await rows.count()).toBeGreaterThan(collapsed - 1);
  await expect(rows.filter({ hasText: /^other/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Collapse into other" }).click();
  await expect(page).not.toHaveURL(/expand=1/);
  await expect(rows).toHaveCount(collapsed);
});

test("a budget is set for a known feature from a select; deleting asks, and Cancel keeps it", async ({ page }) => {
  await ConsolePage.signedIn(page, "finops");
  await page.goto("/costs/budgets");
  const form = page.getByRole("form", { name: "New budget" });
  await form.getByLabel("Scope").selectOption("feature");
  const key = form.getByRole("combobox", { name: "Feature", exact: true });
  await expect(key.getByRole("option", { name: "Monthly statements (statements)" })).toHaveCount(1);
  await key.selectOption("statements");
  await form.getByLabel("Monthly budget (USD)").fill("900");
  await form.getByLabel("Metric").selectOption("billed");
  await form.getByLabel("Alert at (% of budget)").fill("70");
  await form.getByRole("button", { name: "Add budget" }).click();
  const row = page.getByTestId("budgets").getByRole("row").filter({ hasText: "statements" });
  await expect(row).toContainText("$900.00");

  const dialog = page.getByRole("dialog", { name: "Delete the budget of feature statements?" });
  await row.getByRole("button", { name: "Delete the budget of feature statements" }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(row).toHaveCount(1);

  await row.getByRole("button", { name: "Delete the budget of feature statements" }).click();
  await dialog.getByRole("button", { name: "Delete budget" }).click();
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(row).toHaveCount(0);
});

test("an unknown feature is a 404; a known one is its page", async ({ page }) => {
  await ConsolePage.signedIn(page, "viewer");
  expect((await page.goto("/costs/features/no-such-feature"))?.status()).toBe(404);
  expect((await page.goto("/costs/features/card-payments"))?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Card payments");
});
