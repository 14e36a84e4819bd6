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
    await expect(page.getByTestId("service-tiles")).toContainText("Error rate");
    await expect(page.getByTestId("service-spend")).toContainText(/^Spend, last 30 days\$[\d,]+\.\d\d/);
    await expect(page.getByTestId("service-spend")).toContainText(/effective cost allocated to it, \d{4}-\d\d-\d\d to/);
    await page.goto("/service-map?window=24h");
    const nodes = page.getByTestId("service-map").getByTestId("map-node");
    await expect(nodes).toHaveCount(5);
    for (const node of await nodes.all())
      expect(["ok", "warn", "bad", "idle"]).toContain(await node.getAttribute("data-health"));
    await expect(page.getByTestId("map-legend")).toContainText("Unhealthy: errors from 5%");
    await expect(page.getByTestId("map-services").getByRole("row")).toHaveCount(6);
    await console.screenshot("service-map");
  });

  await test.step("an unknown service is a 404, not an empty page", async () => {
    const response = await page.goto("/services/no-such-service-e2e");
    expect(response?.status()).toBe(404);
  });

  await test.step("trace search sorts by duration and narrows to a range picked on the duration chart", async () => {
    await page.goto("/traces?service=payments-api&range=24h");
    await page.getByTestId("sort-duration").click();
    await expect(page).toHaveURL(/sort=-duration/);
    const durations = await page.getByTestId("trace-list").locator("tbody tr td:nth-child(4)").allTextContents();
    const ms = durations.map(
      (text) => Number.parseFloat(text) * (/ s$/.test(text) ? 1000 : / µs$/.test(text) ? 0.001 : 1),
    );
    expect(ms.length).toBeGreaterThan(1);
    expect(ms).toEqual([...ms].sort((a, b) => b - a));
    // Bars with a count are drawn as paths; an empty bucket has none.
    const bars = page.getByTestId("duration-chart").locator(".recharts-bar-rectangle path");
    await expect(bars.first()).toBeVisible();
    // The chart redraws (and animates) after the sort's navigation: a click that lands mid-redraw picks
    // nothing, so click again until the range is in the address. A click that did pick waits for its
    // navigation (seconds on a loaded 2-core machine): clicking again sooner would cancel it.
    const picked = /minDurationMs=[\d.]+&maxDurationMs=[\d.]+|maxDurationMs=[\d.]+.*minDurationMs=/;
    await expect(async () => {
      await bars.nth(Math.floor((await bars.count()) / 2)).click();
      await expect(page).toHaveURL(picked, { timeout: 6_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page).toHaveURL(picked);
    const url = new URL(page.url());
    await expect(page.getByLabel("Min ms")).toHaveValue(url.searchParams.get("minDurationMs") ?? "missing");
    await expect(page.getByLabel("Max ms")).toHaveValue(url.searchParams.get("maxDurationMs") ?? "missing");
    await expect(page.getByTestId("duration-chart").getByRole("button", { name: "Clear range" })).toBeVisible();
  });

  await test.step("trace search by service and status", async () => {
    await page.goto("/traces?service=payments-api&status=error&range=24h");
    const rows = page.getByTestId("trace-list").getByRole("row");
    await expect(rows.nth(1)).toContainText("payments-api");
    await expect(rows.nth(1)).toContainText("error");
    await console.screenshot("traces");
    await rows.nth(1).getByRole("link").first().click();
  });

  await test.step("the waterfall shows the span tree; a span's attributes open beside it", async () => {
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Trace");
    const spans = page.getByTestId("waterfall-row");
    await expect(spans.first()).toContainText("payments-api");
    await expect(spans.nth(1)).toContainText("fraud-scoring");
    await expect(spans.first().getByTestId("span-kind")).toHaveText("Server");
    await spans.nth(1).click();
    await expect(page.getByTestId("span-details")).toContainText("POST /v1/score");
    await expect(page.getByTestId("span-details")).toContainText("Error");
    await expect(page.getByTestId("span-details").getByTestId("attribute").first()).toBeVisible();
    await console.screenshot("trace");
  });

  await test.step("a subtree collapses to its span and opens again", async () => {
    const spans = page.getByTestId("waterfall-row");
    const all = await spans.count();
    expect(all).toBeGreaterThan(1);
    const rootToggle = spans.first().getByTestId("toggle-subtree");
    await expect(rootToggle).toHaveAttribute("aria-expanded", "true");
    await rootToggle.click();
    await expect(spans).toHaveCount(1);
    await expect(rootToggle).toHaveText(`▸ ${all - 1}`);
    await rootToggle.click();
    await expect(spans).toHaveCount(all);
  });

  await test.step("the trace id copies to the clipboard", async () => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    const traceId = page.url().split("/traces/")[1];
    await page.getByTestId("copy-trace-id").click();
    await expect(page.getByTestId("copy-trace-id")).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(traceId);
    await page.getByTestId("copy-span-id").click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^[0-9a-f]{16}$/);
  });

  await test.step("a span's service links to its page", async () => {
    await page.getByTestId("waterfall-row").nth(1).getByTestId("row-service-link").click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("fraud-scoring");
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
      // One name of 10,000 characters, which must not widen the page.
      name: n === 2 ? `long-${"x".repeat(9_995)}` : `step ${n}`,
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
  // The rows are drawn after the scroll event: wait for the very last one rather than reading whatever is drawn.
  const last = page.locator('[data-testid="waterfall-row"][data-index="9999"]');
  await expect(last).toBeVisible();
  const name = (await last.getByTestId("span-name").textContent()) ?? "";
  await last.click();
  await expect(page.getByTestId("span-details").getByRole("heading", { level: 2 })).toHaveText(name);
  await page.screenshot({ path: "e2e/screenshots/trace-10000.png" });

  await page.getByTestId("waterfall").evaluate((element) => element.scrollTo({ top: 0 }));
  const long = page.locator('[data-testid="waterfall-row"][data-index="1"]');
  await expect(long).toBeVisible();
  // The receiver keeps the first 512 characters; the row and the panel give all of them on hover.
  const longName = (await long.getByTestId("span-name").getAttribute("title")) ?? "";
  expect(longName).toMatch(/^long-x{507}$/);
  await long.click();
  await expect(page.getByTestId("span-details").getByRole("heading", { level: 2 })).toHaveAttribute("title", longName);
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${width} px`).toBeLessThanOrEqual(0);
  }
});
