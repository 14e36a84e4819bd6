import { expect, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";
import { SignInPage } from "./pages/sign-in-page";

const PENDING = ["Anomalies", "Zombies", "Drift", "Agent suggestions"];

// Admins see every area.
test.beforeEach(async ({ page }) => {
  await new SignInPage(page).asDemo("admin");
});

test("every area is reachable, and areas not built yet say so plainly", async ({ page }) => {
  const console = new ConsolePage(page);
  await console.open("/");
  for (const label of PENDING) {
    await test.step(label, async () => {
      await console.navigateTo(label);
      await expect(page.getByTestId("not-built")).toContainText("Not built yet");
      await expect(page.locator("main")).not.toContainText("$");
    });
  }
  await console.screenshot("pending-area");
});

test("the services page lists the demo services", async ({ page }) => {
  const console = new ConsolePage(page);
  await console.open("/");
  await console.navigateTo("Services & SLOs");
  await expect(page.getByTestId("service-list").getByRole("row")).toHaveCount(1 + 5);
  await console.screenshot("services");
});

test("settings show the configuration without secrets", async ({ page }) => {
  const console = new ConsolePage(page);
  await console.open("/");
  await console.navigateTo("Settings");
  const settings = page.getByTestId("settings-table");
  await expect(settings).toContainText("embedded PostgreSQL, 127.0.0.1:");
  await expect(settings).not.toContainText("vigil:");
  await expect(page.getByRole("cell", { name: "allocate-costs" })).toBeVisible();
  await console.screenshot("settings");
});

test("an unknown area is a 404", async ({ page }) => {
  const response = await page.goto("/no-such-area");
  expect(response?.status()).toBe(404);
});
