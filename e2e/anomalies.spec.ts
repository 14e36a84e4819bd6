import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";

// The demo's two injected problems, found by the worker's scan and explained: ledger's latency
// regression ranks its deploy first and service.version as the telling attribute; payments-api's
// errors name fraud-scoring, which it calls, as the origin. An SRE triages the second to resolved
// (a production incident for MTTR); a viewer can read but not triage. A runbook an admin wrote is
// proposed by an SRE and, in production, run only once a second person approves it.

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

test("an SRE proposes the team's rollback runbook for fraud-scoring and a second person approves and runs it", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(420_000);
  const received: { body: string; authorization: string | undefined }[] = [];
  const hook = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ body, authorization: request.headers.authorization });
      response.writeHead(202, { "content-type": "application/json" }).end('{"pipeline":"rollback-42"}');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/rollback`;
  const secret = "Bearer e2e-rollback-token";

  const admin = await browser.newPage();
  await ConsolePage.signedIn(admin, "admin");
  const created = await admin.request.post("/api/v1/runbooks", {
    data: {
      name: `fraud-rollback-${Date.now()}`,
      description: "Reverts fraud-scoring's last config change",
      method: "POST",
      url,
      headers: [{ name: "Authorization", value: secret, secret: true }],
      bodyTemplate: '{"service": "{{service}}", "environment": "{{environment}}", "anomaly": "{{url}}"}',
      series: ["errors"],
      services: ["fraud-scoring"],
    },
    headers: { origin: baseURL as string },
  });
  expect(created.status()).toBe(201);

  const sre = await browser.newPage();
  const sreConsole = await ConsolePage.signedIn(sre, "sre");
  const fraud = await anomalyOf(sre, "fraud-scoring", "errors");
  await sreConsole.open(`/anomalies/${fraud.id}`);
  const runbook = sre.getByRole("list", { name: "Runbooks" }).locator("li", { hasText: "fraud-rollback" });
  await runbook.getByRole("button", { name: "Dry run" }).click();
  await expect(runbook.getByTestId("runbook-request")).toContainText(`POST ${url}`);
  await expect(runbook.getByTestId("runbook-request")).toContainText("Authorization: [secret]");
  await expect(runbook.getByTestId("runbook-request")).toContainText('"service": "fraud-scoring"');
  await runbook.getByRole("button", { name: "Propose run" }).click();
  const run = sre.getByTestId("runbook-run").first();
  await expect(run).toContainText("Awaiting approval");
  await run.getByRole("button", { name: "Approve and run" }).click();
  await expect(run.getByRole("alert")).toContainText(/second person/i);
  expect(received).toEqual([]);

  await admin.goto(`/anomalies/${fraud.id}`);
  const pending = admin.getByTestId("runbook-run").first();
  await pending.getByRole("button", { name: "Approve and run" }).click();
  await expect(admin.getByTestId("runbook-run").first()).toContainText("Succeeded");
  await expect(admin.getByTestId("runbook-run").first()).toContainText("HTTP 202");
  expect(received).toHaveLength(1);
  expect(received[0].authorization).toBe(secret);
  expect(JSON.parse(received[0].body)).toMatchObject({ service: "fraud-scoring", environment: "prod" });
  hook.close();
});
