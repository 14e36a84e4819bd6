import { expect, type Page } from "@playwright/test";

/** A console page to open: a name for reports and screenshots, and its address. */
export type ConsolePath = { name: string; path: string };

// A name as long as the issue asks for: the receiver clips it (to 512 for span names), the page must still fit.
const LONG = "x".repeat(10_000);

/**
 * Sends one payments-api trace whose span names, attribute key and value are 10,000 characters without
 * a space, with an API key the signed-in admin creates; returns the trace's id. It uses a demo service's
 * name so that the lists other tests count keep their length.
 */
export async function sendLongNamedTrace(page: Page, baseURL: string): Promise<string> {
  const created = await page.request.post("/api/v1/api-keys", {
    data: { name: `e2e-long-${Date.now()}`, scopes: ["ingest:traces"] },
    headers: { origin: baseURL },
  });
  expect(created.status()).toBe(201);
  const { key } = (await created.json()) as { key: string };
  const traceId = Date.now().toString(16).padStart(32, "b");
  const start = BigInt(Date.now() - 60_000) * 1_000_000n;
  const span = (spanId: string, parentSpanId: string, offset: bigint) => ({
    traceId,
    spanId,
    parentSpanId,
    name: `${LONG}-${spanId}`,
    kind: 2,
    startTimeUnixNano: String(start + offset),
    endTimeUnixNano: String(start + offset + 5_000_000n),
    attributes: [{ key: `attr.${LONG}`, value: { stringValue: LONG } }],
  });
  const otlp = new URL(baseURL);
  otlp.port = String(Number(otlp.port) + 1);
  const sent = await page.request.post(`${otlp.origin}/v1/traces`, {
    headers: { authorization: `Bearer ${key}` },
    data: {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "payments-api" } }] },
          scopeSpans: [
            { spans: [span("00000000000000a1", "", 0n), span("00000000000000a2", "00000000000000a1", 1_000n)] },
          ],
        },
      ],
    },
  });
  expect(sent.status()).toBe(200);
  return traceId;
}

/** The first failed demo trace the trace search lists over the last day (the long-named one did not fail). */
async function demoTracePath(page: Page): Promise<string> {
  await page.goto("/traces?range=24h&status=error");
  const href = await page.getByTestId("trace-list").locator("tbody a").first().getAttribute("href");
  expect(href).toMatch(/^\/traces\/[0-9a-f]{32}$/);
  return href as string;
}

/** The demo's ledger regression, which the worker's first scan finds (waited for). */
async function demoAnomalyPath(page: Page): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        const answer = await page.request.get("/api/v1/anomalies?service=ledger&series=latency&limit=1");
        id = ((await answer.json()) as { items: { id: string }[] }).items[0]?.id;
        return Boolean(id);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return `/anomalies/${id}`;
}

/**
 * A rule-based teardown proposal's page (the demo's zombies give some), asking the agent for a run
 * while there is none; the list itself when none appears.
 */
async function demoProposalPath(page: Page, baseURL: string): Promise<string> {
  const first = async () => {
    const answer = await page.request.get("/api/v1/proposals?kind=teardown&limit=1");
    return ((await answer.json()) as { items: { id: string }[] }).items[0]?.id;
  };
  let id = await first();
  if (!id) {
    await page.request.post("/api/v1/proposals/generate", { headers: { origin: baseURL } });
    id = await first();
  }
  return id ? `/agent/${id}` : "/agent";
}

/** Every page of the console for a signed-in admin, built and not yet built, including both 404s. */
export async function everyConsolePage(page: Page, longTraceId: string, baseURL: string): Promise<ConsolePath[]> {
  return [
    { name: "overview", path: "/" },
    { name: "delivery", path: "/delivery" },
    { name: "delivery-90d", path: "/delivery?window=90d" },
    { name: "costs", path: "/costs" },
    { name: "costs-team-90d", path: "/costs?groupBy=team&window=90d" },
    { name: "feature", path: "/costs/features/card-payments" },
    { name: "budgets", path: "/costs/budgets" },
    { name: "imports", path: "/costs/imports" },
    { name: "inventory", path: "/costs/inventory" },
    { name: "traces", path: "/traces?range=24h" },
    { name: "trace", path: await demoTracePath(page) },
    { name: "trace-long-names", path: `/traces/${longTraceId}` },
    { name: "services", path: "/services" },
    { name: "service", path: "/services/payments-api" },
    { name: "service-map", path: "/service-map?window=24h" },
    { name: "slos", path: "/slos" },
    { name: "new-slo", path: "/slos/new" },
    { name: "access", path: "/access" },
    { name: "account", path: "/account" },
    { name: "audit", path: "/audit" },
    { name: "settings", path: "/settings" },
    { name: "anomalies", path: "/anomalies" },
    { name: "anomaly", path: await demoAnomalyPath(page) },
    { name: "runbooks", path: "/anomalies/runbooks" },
    { name: "new-runbook", path: "/anomalies/runbooks/new" },
    { name: "zombies", path: "/zombies" },
    { name: "zombie-queue", path: "/zombies/queue" },
    { name: "zombie-plans", path: "/zombies/plans" },
    { name: "zombie-offhours", path: "/zombies/offhours" },
    { name: "drift", path: "/drift" },
    { name: "compliance", path: "/compliance" },
    { name: "compliance-report", path: "/compliance/report" },
    { name: "agent", path: "/agent" },
    { name: "agent-proposal", path: await demoProposalPath(page, baseURL) },
    { name: "console-not-found", path: "/no-such-area" },
    { name: "not-found", path: "/no/such/page" },
  ];
}

/**
 * How far the page sticks out sideways (0 when it fits), with the elements that reach past the edge;
 * and the cards whose content other than a table is wider than they are (a table may scroll in its
 * card; a filter row or a heading that does is cut off out of sight).
 */
export async function sidewaysOverflow(page: Page): Promise<{ overflow: number; culprits: string[]; cards: string[] }> {
  return page.evaluate(() => {
    const describe = (element: Element, right: number) =>
      `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} (${Math.round(right)}px)`;
    /** The innermost elements inside `scope` reaching past `edge`, leaving out tables and what is in them. */
    const pastEdge = (scope: Element, edge: number) => {
      const found: string[] = [];
      for (const element of scope.querySelectorAll("*")) {
        const { right, width, height } = element.getBoundingClientRect();
        if (right <= edge + 1 || element.closest("table") || found.length >= 3) continue;
        // Out of sight anyway: an empty box or a hidden chart tooltip.
        if (width === 0 || height === 0 || getComputedStyle(element).visibility === "hidden") continue;
        const inner = [...element.children].some((child) => child.getBoundingClientRect().right > edge + 1);
        if (!inner) found.push(describe(element, right));
      }
      return found;
    };
    const root = document.documentElement;
    const cards: string[] = [];
    for (const card of document.querySelectorAll(".card")) {
      if (card.scrollWidth <= card.clientWidth + 1) continue;
      const box = card.getBoundingClientRect();
      const past = pastEdge(card, box.right - parseFloat(getComputedStyle(card).paddingRight));
      const name = card.querySelector("h2, h1")?.textContent?.slice(0, 40) ?? "a card";
      if (past.length > 0) cards.push(`"${name}" card: ${past.join(", ")}`);
    }
    const culprits: string[] = [];
    for (const element of document.body.querySelectorAll("*")) {
      const right = element.getBoundingClientRect().right;
      if (right <= root.clientWidth + 1 || culprits.length >= 5) continue;
      // Name the innermost: skip an element whose child also reaches past the edge.
      const inner = [...element.children].some((child) => child.getBoundingClientRect().right > root.clientWidth + 1);
      if (!inner) culprits.push(describe(element, right));
    }
    return { overflow: root.scrollWidth - root.clientWidth, culprits, cards };
  });
}

/** Opens a page and waits until its heading and charts have drawn. */
export async function openSettled(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await page.waitForLoadState("networkidle");
}
