import { expect, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";
import { SignInPage } from "./pages/sign-in-page";

const PENDING: string[] = [];

// Admins see every area.
test.beforeEach(async ({ page }) => {
  await new SignInPage(page).asDemo("admin");
});

test("every area is reachable, and areas not built yet say so plainly", async ({ page }) => {
  const console = new ConsolePage(page);
  await console.open("/");
  // Only the areas listed here are marked "soon" in the navigation.
  await expect(console.nav.locator(".nav-soon")).toHaveCount(PENDING.length);
  for (const label of PENDING) {
    await test.step(label, async () => {
      await console.navigateTo(label);
      await expect(page.getByTestId("not-built")).toContainText("Not built yet");
      await expect(page.locator("main")).not.toContainText("$");
    });
  }
  if (PENDING.length) await console.screenshot("pending-area");
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
  // Reached over its Unix socket, or over 127.0.0.1 when the data directory is too deep for a socket path.
  await expect(settings).toContainText(
    /embedded PostgreSQL, (Unix socket \/\S+\/\.s\.PGSQL\.\d+, database vigil|127\.0\.0\.1:\d+\/vigil)/,
  );
  await expect(settings).not.toContainText("vigil:");
  await expect(page.getByRole("cell", { name: "allocate-costs" })).toBeVisible();
  await console.screenshot("settings");
});

test("an unknown address is a styled 404 with a way home, inside the console and outside it", async ({ page }) => {
  const console = new ConsolePage(page);
  for (const path of ["/no-such-area", "/no/such/page", "/costs/features/a%00b"]) {
    await test.step(path, async () => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByTestId("not-found")).toBeVisible();
      await expect(console.heading).toHaveText("Page not found");
    });
  }
  // Inside the console the areas stay at hand; the way home leads to the overview.
  await page.goto("/no-such-area");
  await expect(console.nav).toBeVisible();
  await page.getByRole("link", { name: "Go to the overview" }).click();
  await expect(console.heading).toHaveText("Overview");
});

test("the sidebar reaches the service map, budgets, inventory and imports; the user menu reaches the account", async ({
  page,
}) => {
  const console = new ConsolePage(page);
  await console.open("/");
  for (const [label, heading, path] of [
    ["Service map", "Service map", "/service-map"],
    ["Budgets", "Budgets", "/costs/budgets"],
    ["Inventory", "Inventory", "/costs/inventory"],
    ["Imports", "Billing imports", "/costs/imports"],
  ]) {
    await test.step(label, async () => {
      const link = console.nav.getByRole("link", { name: label, exact: true });
      await link.click();
      await expect(console.heading).toHaveText(heading);
      expect(new URL(page.url()).pathname).toBe(path);
      await expect(link).toHaveAttribute("aria-current", "page");
    });
  }
  await page
    .getByTestId("user-menu")
    .getByRole("link", { name: /admin@demo\.vigil\.local/ })
    .click();
  await expect(console.heading).toHaveText("Your account");
});

test("sidebar links keep the chosen window on the pages that understand it", async ({ page }) => {
  const console = new ConsolePage(page);
  await console.open("/services?window=6h");
  await console.nav.getByRole("link", { name: "Traces", exact: true }).click();
  await expect(console.heading).toHaveText("Traces");
  await expect(page).toHaveURL(/\/traces\?range=6h$/);
  await expect(page.getByRole("combobox", { name: "Last" })).toHaveValue("6h");
  await console.nav.getByRole("link", { name: "Service map", exact: true }).click();
  await expect(page).toHaveURL(/\/service-map\?window=6h$/);
  // Costs has no 6-hour window: its link stays plain rather than carrying one it would ignore.
  await expect(console.nav.getByRole("link", { name: "Costs", exact: true })).toHaveAttribute("href", "/costs");
  await console.open("/costs?window=90d");
  await expect(console.nav.getByRole("link", { name: "Costs", exact: true })).toHaveAttribute(
    "href",
    "/costs?window=90d",
  );
  await expect(console.nav.getByRole("link", { name: "Services & SLOs" })).toHaveAttribute("href", "/services");
});

test("moving to another page shows a progress bar and that page's skeleton until it arrives", async ({ page }) => {
  const console = new ConsolePage(page);
  await console.open("/");
  // Hold the next page's answer so its pending state can be seen.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/traces?**", async (route) => {
    await held;
    await route.continue();
  });
  await console.nav.getByRole("link", { name: "Traces", exact: true }).click();
  await expect(page.getByTestId("navigation-progress")).toHaveClass(/running/);
  await expect(page.getByTestId("page-skeleton")).toBeVisible();
  await expect(page.getByTestId("services-table")).toBeHidden();
  release();
  await expect(console.heading).toHaveText("Traces");
  await expect(page.getByTestId("page-skeleton")).toHaveCount(0);
  await expect(page.getByTestId("navigation-progress")).not.toHaveClass(/running/);
});
