import { expect, test } from "@playwright/test";
import { E2E_ADMIN_PASSWORD } from "../playwright.config";
import { ConsolePage } from "./pages/console-page";
import { SignInPage } from "./pages/sign-in-page";

test("finops sees the audit trail with their own sign-in, verifies it and can export it", async ({ page }) => {
  const console = await ConsolePage.signedIn(page, "finops");
  await console.navigateTo("Audit trail");
  const table = page.getByTestId("audit-table");
  const signIn = table
    .getByRole("row")
    .filter({ hasText: "auth.sign_in" })
    .filter({ hasText: "finops@demo.vigil.local" })
    .first();
  await expect(signIn).toBeVisible();
  await expect(signIn).toContainText("password");

  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByTestId("verify-result")).toHaveText(/^✓ Chain intact, \d+ entries$/);
  await console.screenshot("audit");

  await page.getByLabel("Action").fill("auth.");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=auth\./);
  for (const action of await table.locator("tbody tr td:nth-child(4)").allTextContents())
    expect(action).toMatch(/^auth\./);

  const download = page.waitForEvent("download");
  await page.getByTestId("audit-csv").click();
  const csv = await (await download).createReadStream();
  let text = "";
  for await (const chunk of csv) text += chunk;
  expect(text.split("\n")[0]).toBe(
    "seq,at,actorKind,actorLabel,role,action,targetType,targetId,summary,reason,requestId,sourceIp,hash",
  );
  expect(text).toContain("finops@demo.vigil.local");
});

test("a viewer has no audit trail, in the navigation or by address", async ({ page }) => {
  const console = await ConsolePage.signedIn(page, "viewer");
  await expect(console.nav.getByRole("link", { name: "Audit trail" })).toHaveCount(0);
  await expect(console.nav.getByRole("link", { name: "Overview" })).toBeVisible();
  const response = await page.goto("/audit");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toContainText("You do not have access to this page");
  await console.screenshot("forbidden");
  const api = await page.request.get("/api/v1/audit");
  expect(api.status()).toBe(403);
});

test("a wrong password is refused plainly; the admin's typed password works; sign-out ends the session", async ({
  page,
}) => {
  const signIn = new SignInPage(page);
  await signIn.withPassword("admin@vigil.local", "not-the-password");
  await expect(signIn.error).toHaveText("Wrong email or password.");
  await page.screenshot({ path: "e2e/screenshots/sign-in.png", fullPage: true });

  await signIn.withPassword("admin@vigil.local", E2E_ADMIN_PASSWORD);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview");
  await expect(page.getByTestId("user-role")).toHaveText("admin");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  const response = await page.goto("/");
  expect(new URL(response?.url() ?? "").pathname).toBe("/sign-in");
});

test("an admin creates an API key, sees it once, and revokes it", async ({ page }) => {
  const console = await ConsolePage.signedIn(page, "admin");
  await console.navigateTo("People & keys");
  await expect(page.getByTestId("users-table")).toContainText("finops@demo.vigil.local");
  const name = `otel-e2e-${Date.now()}`;
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("checkbox", { name: "ingest:traces" }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByTestId("new-api-key").textContent();
  expect(key).toMatch(/^vgl_[a-z0-9]{8}_/);

  const asKey = await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  expect(await asKey.json()).toMatchObject({ kind: "api_key", label: name, scopes: ["read", "ingest:traces"] });

  const row = page.getByTestId("keys-table").getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await console.screenshot("access");
  await row.getByRole("button", { name: "Revoke" }).click();
  const prompt = page.getByRole("dialog", { name: `Revoke ${name}? Collectors using it stop at once.` });
  await prompt.getByLabel("Reason (kept in the audit trail)").fill("rotated in e2e");
  await prompt.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  const revoked = await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  expect(revoked.status()).toBe(401);
});
