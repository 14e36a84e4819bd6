import { expect, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";

// The demo's month of hourly rollups and allocated cost, forecast two weeks ahead: reached from the
// Anomalies page, a service's requests and a feature's cost drawn with their intervals, the
// services nearest their 30-day high listed; another feature chosen through the form.

test("forecasts of the demo's services and features, reached from Anomalies", async ({ page }) => {
  const console = await ConsolePage.signedIn(page, "viewer");
  await test.step("from Anomalies to Forecasts", async () => {
    await console.open("/anomalies");
    await page.getByRole("link", { name: "Forecasts", exact: true }).click();
    await expect(console.heading).toHaveText("Forecasts");
  });
  await test.step("headroom, a service's requests and a feature's cost with their intervals", async () => {
    await expect(page.getByTestId("capacity-headroom").getByRole("row")).not.toHaveCount(1);
    await expect(page.getByTestId("request-forecast-chart").locator(".recharts-area").first()).toBeVisible();
    await expect(page.getByTestId("cost-forecast-chart").locator(".recharts-area").first()).toBeVisible();
    await expect(page.getByRole("heading", { name: /^Cost: / })).toBeVisible();
    await expect(page.getByText(/next 14 days \$[\d,]+\.\d{2} \(95%: /)).toBeVisible();
  });
  await test.step("another feature through the form", async () => {
    const select = page.getByLabel("Feature");
    const options = await select.locator("option").allTextContents();
    const other = options[options.length - 1];
    await select.selectOption(other);
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page.getByRole("heading", { name: `Cost: ${other}` })).toBeVisible();
  });
});
