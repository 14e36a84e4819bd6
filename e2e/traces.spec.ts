import { expect, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";
import { SignInPage } from "./pages/sign-in-page";

test("an SRE sees service RED with sparklines, finds the failing payments and opens one as a waterfall", async ({ page }) => {
  const console = new ConsolePage(page);
  await new SignInPage(page).asDemo("sre");

  await test.step("services show rate, errors and latency from the demo traces", async () => {
    await console.navigateTo("Services & SLOs");
    const payments = page.getByTestId("service-list").getByRole("row").filter({ hasText: "payments-api" });
    await expect(payments.getByRole("cell").nth(1)).toHaveText(/^\d+(\.\d+)?$/);
    await expect(payments.getByRole("cell").nth(3)).toHaveText(/ms$/);
    await expect(payments.locator(".sparkline svg")).toBeVisible();
    await console.screenshot("services-red");
  });

  await test.step("a service page draws RED over time and shows who it calls; the map shows the edges", async () => {
    await page.getByRole("link", { name: "payments-api" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("payments-api");
    await expect(page.getByTestId("rate-chart").locator("path.recharts-line-curve").first()).toBeVisible();
    await expect(page.getByTestId("latency-chart").locator("path.recharts-line-curve").first()).toBeVisible();
    await expect(page.getByTestId("operations")).toContainText("POST /v1/payments");
    for (const callee of ["fraud-scoring", "ledger", "notifications"]) await expect(page.getByTestId("downstream")).toContainText(callee);
    await console.screenshot("service");
    await page.goto("/service-map?window=24h");
    await expect(page.getByTestId("service-map").locator("circle")).toHaveCount(5);
    await console.screenshot("service-map");
  });

  await test.step("trace search by service and status", async () => {
    await page.goto("/traces?service=payments-api&status=error&range=24h");
    const rows = page.getByTestId("trace-list").getByRole("row");
    await expect(rows.nth(1)).toContainText("payments-api");
    await expect(rows.nth(1)).toContainText("error");
    await console.screenshot("traces");
    await rows.nth(1).getByRole("link").click();
  });

  await test.step("the waterfall shows the span tree; a span's attributes open beside it", async () => {
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Trace");
    const spans = page.getByTestId("waterfall-row");
    await expect(spans.first()).toContainText("payments-api");
    await expect(spans.nth(1)).toContainText("fraud-scoring");
    await spans.nth(1).click();
    await expect(page.getByTestId("span-details")).toContainText("POST /v1/score");
    await expect(page.getByTestId("span-details")).toContainText("Error");
    await console.screenshot("trace");
  });
});
