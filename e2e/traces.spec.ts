import { expect, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";
import { SignInPage } from "./pages/sign-in-page";

test("an SRE sees service RED with sparklines, finds the failing payments and opens one as a waterfall", async ({
  page,
}) => {
  const console = await ConsolePage.signedIn(page, "sre");

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
    for (const callee of ["fraud-scoring", "ledger", "notifications"])
      await expect(page.getByTestId("downstream")).toContainText(callee);
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

test("a trace of 10,000 spans opens, scrolls to its last span and shows it", async ({ page, baseURL }) => {
  await new SignInPage(page).asDemo("admin");
  const created = await page.request.post("/api/v1/api-keys", {
    data: { name: `e2e-big-trace-${Date.now()}`, scopes: ["ingest:traces"] },
    headers: { origin: baseURL as string },
  });
  expect(created.status()).toBe(201);
  const { key } = (await created.json()) as { key: string };

  const traceId = Date.now().toString(16).padStart(32, "a");
  const start = BigInt(Date.now() - 60_000) * 1_000_000n;
  const spans = [];
  const id = (n: number) => n.toString(16).padStart(16, "0");
  for (let n = 1; n <= 10_000; n++) {
    // A root, 99 children under it, and the rest spread under those children.
    const parent = n === 1 ? "" : n <= 100 ? id(1) : id(2 + (n % 99));
    const offset = BigInt(n) * 50_000n;
    spans.push({
      traceId,
      spanId: id(n),
      parentSpanId: parent,
      name: `step ${n}`,
      kind: n === 1 ? 2 : 1,
      startTimeUnixNano: String(start + offset),
      endTimeUnixNano: String(start + offset + 2_000_000n),
    });
  }
  const otlp = new URL(baseURL as string);
  otlp.port = String(Number(otlp.port) + 1);
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "batch-settlement" } }] },
        scopeSpans: [{ spans }],
      },
    ],
  };
  const sent = await page.request.post(`${otlp.origin}/v1/traces`, {
    data: body,
    headers: { authorization: `Bearer ${key}` },
  });
  expect(sent.status()).toBe(200);

  await page.goto(`/traces/${traceId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Trace");
  await expect(page.locator(".page-header")).toContainText("10000 spans");
  // Only the rows in view are in the page, not ten thousand.
  expect(await page.getByTestId("waterfall-row").count()).toBeLessThan(100);
  await page.getByTestId("waterfall").evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  const last = page.getByTestId("waterfall-row").last();
  await expect(last).toBeVisible();
  const name = (await last.locator(".wf-name").textContent()) ?? "";
  await last.click();
  await expect(page.getByTestId("span-details").getByRole("heading", { level: 2 })).toHaveText(
    name.replace("batch-settlement", "").trim(),
  );
  await page.screenshot({ path: "e2e/screenshots/trace-10000.png" });
});
