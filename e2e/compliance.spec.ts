import { expect, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";

// FinOps waives one of the demo's open findings from the Compliance page: a date already past is
// refused with the API's reason, a future one is accepted and the finding is listed under waivers.
// A viewer sees the findings but no waiver form.

const DAY = 86_400_000;
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

test("FinOps waives a demo finding with a reason and a date and sees it under waivers", async ({ page }) => {
  const console = await ConsolePage.signedIn(page, "finops");
  const response = await page.request.get("/api/v1/policy/findings?status=open&limit=50");
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as { items: { id: string; title: string; address: string }[] };
  expect(items.length).toBeGreaterThan(0);
  const finding = items[0];

  await console.open("/compliance");
  await expect(console.heading).toHaveText("Compliance");
  const findings = page.getByTestId("findings-table");
  const row = findings.locator("tr", { hasText: finding.address }).filter({ hasText: finding.title }).first();
  await row.getByText("Waive", { exact: true }).click();
  const form = page.getByRole("form", { name: `Waive ${finding.title} on ${finding.address}`, exact: true });
  const reason = "Accepted for the quarter: compensating control in place, reviewed by FinOps";

  await form.getByLabel("Reason").fill(reason);
  await form.getByLabel("Until").fill(dayFromNow(-2));
  await form.getByRole("button", { name: "Waive finding" }).click();
  await expect(form.getByRole("alert")).toContainText("until: must be in the future");

  const until = dayFromNow(20);
  await form.getByLabel("Until").fill(until);
  await form.getByRole("button", { name: "Waive finding" }).click();
  const waivers = page.getByTestId("waivers-table");
  await expect(waivers.locator("tr", { hasText: finding.address }).filter({ hasText: `until ${until}` })).toHaveCount(
    1,
  );

  const after = await page.request.get(`/api/v1/policy/findings?status=waived&limit=200`);
  const waived = (await after.json()) as { items: { id: string; waiver: { reason: string } | null }[] };
  expect(waived.items.find((item) => item.id === finding.id)?.waiver?.reason).toBe(reason);
});

test("a viewer sees the findings but no waiver form", async ({ page }) => {
  const console = await ConsolePage.signedIn(page, "viewer");
  await console.open("/compliance");
  await expect(console.heading).toHaveText("Compliance");
  await expect(page.getByTestId("findings-table").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByText("Waive", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Waive finding" })).toHaveCount(0);
});
