import { expect, type Page, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";

// The demo's two injected problems, found by the worker's scan and explained: ledger's latency
// regression ranks its deploy first and service.version as the telling attribute; payments-api's
// errors name fraud-scoring, which it calls, as the origin. An SRE triages the second to resolved
// (a production incident for MTTR); a viewer can read but not triage.

interface Listed {
  id: string;
  service: string;
  series: string;
  changes: { kind: string; rank: number; summary: string }[];
}

/** The worker scans at start and every five minutes: wait for the demo's anomaly to be stored. */
async function anomalyOf(page: Page, service: string, series: string): Promise<Listed> {
  let found: Listed | undefined;
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`/api/v1/anomalies?service=${service}&series=${series}&limit=20`);
        const { items } = (await response.json()) as { items: Listed[] };
        found = items.find((item) => item.changes.length > 0);
        return Boolean(found);
      },
      { timeout: 360_000, intervals: [2_000, 5_000, 10_000] },
    )
    .toBe(true);
  return found!;
}

test("the ledger regression is found with its deploy first and service.version as the attribute", async ({ page }) => {
  test.setTimeout(420_000);
  const console = await ConsolePage.signedIn(page, "sre");
  const ledger = await anomalyOf(page, "ledger", "latency");
  expect(ledger.changes[0]).toMatchObject({ kind: "deployment", rank: 1 });
  expect(ledger.changes[0].summary).toMatch(/^ledger 2026\.11\.3 deployed at /);
  expect(ledger.changes.find((change) => change.kind === "attribute")?.summary).toMatch(
    /^service\.version=2026\.11\.3 in \d+% of slow spans/,
  );

  await console.open("/anomalies");
  await expect(console.heading).toHaveText("Anomalies");
  const row = page.getByTestId("anomalies-active").locator("tr", { hasText: "ledger" });
  await expect(row.first()).toContainText("p95 latency above usual");
  await expect(row.first()).toContainText("ledger 2026.11.3 deployed");
  await row.first().getByRole("link", { name: "p95 latency above usual" }).click();
  await expect(console.heading).toHaveText("ledger: p95 latency above usual");
  await expect(page.getByTestId("anomaly-chart")).toBeVisible();
  const changes = page.getByTestId("anomaly-changes").locator("li");
  await expect(changes.first()).toContainText("Deploy");
  await expect(changes.filter({ hasText: "service.version=2026.11.3" })).toHaveCount(1);
});

test("an SRE triages payments-api's errors, whose origin is fraud-scoring, to resolved", async ({ page }) => {
  test.setTimeout(420_000);
  const console = await ConsolePage.signedIn(page, "sre");
  const payments = await anomalyOf(page, "payments-api", "errors");
  expect(payments.changes[0]).toMatchObject({ kind: "origin", rank: 1 });
  expect(payments.changes[0].summary).toMatch(/^fraud-scoring \(payments-api → fraud-scoring\)/);

  await console.open(`/anomalies/${payments.id}`);
  await expect(console.heading).toHaveText("payments-api: error rate above usual");
  const form = page.getByRole("form", { name: "Triage" });
  await form.getByLabel("Status").selectOption("acknowledged");
  await form.getByLabel("Assignee").fill("sre@demo.vigil.local");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("anomaly-status")).toHaveText("Acknowledged, with sre@demo.vigil.local");

  await form.getByLabel("Status").selectOption("resolved");
  await form.getByLabel("Comment").fill("fraud model timeout reverted by the hotfix");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("anomaly-status")).toHaveText("Resolved, with sre@demo.vigil.local");
  const history = page.getByTestId("anomaly-history").locator("tbody tr");
  await expect(history).toHaveCount(2);
  await expect(history.nth(1)).toContainText("fraud model timeout reverted by the hotfix");
  await expect(page.getByText(/recorded for delivery metrics \(MTTR\)/)).toBeVisible();

  const incidents = await page.request.get("/api/v1/delivery/incidents?service=payments-api&limit=200");
  const { items } = (await incidents.json()) as { items: { title: string; resolvedAt: string | null }[] };
  expect(items.find((item) => item.title === "payments-api errors anomaly")?.resolvedAt).toBeTruthy();
});

test("a viewer reads anomalies but has no triage form", async ({ page }) => {
  const console = await ConsolePage.signedIn(page, "viewer");
  const any = await anomalyOf(page, "ledger", "latency");
  await console.open(`/anomalies/${any.id}`);
  await expect(page.getByTestId("anomaly-changes")).toBeVisible();
  await expect(page.getByRole("form", { name: "Triage" })).toHaveCount(0);
});
