import { expect, test } from "@playwright/test";
import { formatBudget } from "../app/(console)/slos/slo-format";
import { ConsolePage } from "./pages/console-page";

// An SRE creates an SLO through the form (the API's refusal shown at its field first), finds it in
// the list, and its page's budget is GET /api/v1/slos/{id}'s; a viewer may look but not create.

type SloAnswer = { id: string; errorBudgetRemaining: number | null; evaluatedAt: string };

test("an SRE creates an SLO in the form; its page shows the API's budget; delete asks first", async ({ page }) => {
  const console = new ConsolePage(page);
  await console.openAs("sre", "/slos", "SLOs");
  const name = `e2e-checkout-${Date.now().toString(36)}`;

  await test.step("New SLO opens the form", async () => {
    await page.getByRole("link", { name: "New SLO" }).click();
    await expect(console.heading).toHaveText("New SLO");
  });

  const form = page.getByRole("form", { name: "New SLO" });
  await test.step("an objective of 100% is refused, and the reason sits at the objective", async () => {
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Service").selectOption("payments-api");
    await form.getByLabel("Objective (%)").fill("100");
    await form.getByRole("button", { name: "Create SLO" }).click();
    const objective = form.getByLabel("Objective (%)");
    await expect(objective).toHaveAttribute("aria-invalid", "true");
    await expect(objective).toHaveAccessibleDescription(/must be above 0 and below 100/);
    await expect(form.getByTestId("field-error")).toHaveCount(1);
    expect(new URL(page.url()).pathname).toBe("/slos/new");
  });

  await test.step("with 99.5% it is created and its page opens", async () => {
    await form.getByLabel("Objective (%)").fill("99.5");
    await form.getByRole("button", { name: "Create SLO" }).click();
    await expect(console.heading).toHaveText(name);
    expect(new URL(page.url()).pathname).toMatch(/^\/slos\/\d+$/);
    await expect(page.getByTestId("slo-objective")).toHaveText("99.5%");
  });
  const id = new URL(page.url()).pathname.split("/").at(-1) as string;

  await test.step("the budget left is GET /api/v1/slos/{id}'s, from the same evaluation", async () => {
    // The worker re-evaluates every minute: compare a page and an answer of the same evaluation.
    await expect(async () => {
      const answer = (await (await page.request.get(`/api/v1/slos/${id}`)).json()) as SloAnswer;
      await page.reload();
      const budget = page.getByTestId("tile-budget").locator(".tile-value");
      await expect(budget).toHaveText(formatBudget(answer.errorBudgetRemaining), { timeout: 1_000 });
      const again = (await (await page.request.get(`/api/v1/slos/${id}`)).json()) as SloAnswer;
      expect(again.evaluatedAt).toBe(answer.evaluatedAt);
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId("sli-chart").locator("svg.recharts-surface")).toBeVisible();
    await expect(page.getByTestId("alert-pairs").getByRole("row")).toHaveCount(1 + 4);
  });

  await test.step("it is listed under its service, linking to its page", async () => {
    await page.goto("/slos?service=payments-api");
    const row = page.getByTestId("slo-row").filter({ hasText: name });
    await expect(row).toHaveCount(1);
    await expect(page.getByTestId("slo-service").first()).toHaveText("payments-api");
    await expect(row.getByRole("link", { name })).toHaveAttribute("href", `/slos/${id}`);
  });

  await test.step("Edit changes it in place; a bad threshold is refused at its field", async () => {
    await page.goto(`/slos/${id}`);
    await page.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("form", { name: "Edit SLO" });
    await edit.getByLabel("SLI").selectOption("latency");
    await edit.getByLabel("Good under (ms)").fill("-5");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit.getByLabel("Good under (ms)")).toHaveAttribute("aria-invalid", "true");
    await edit.getByLabel("Good under (ms)").fill("250");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit).toBeHidden();
    await expect(page.locator("main")).toContainText("latency < 250 ms");
  });

  await test.step("Delete asks first; Cancel keeps it, confirming removes it", async () => {
    await page.goto(`/slos/${id}`);
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Delete the SLO ${name}?` });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    expect((await page.request.get(`/api/v1/slos/${id}`)).status()).toBe(200);
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await dialog.getByRole("button", { name: "Delete SLO" }).click();
    await expect(console.heading).toHaveText("SLOs");
    expect((await page.request.get(`/api/v1/slos/${id}`)).status()).toBe(404);
  });
});

test("a viewer sees the SLOs but no New SLO button, and the form is refused", async ({ page }) => {
  const console = new ConsolePage(page);
  await console.openAs("viewer", "/slos", "SLOs");
  await expect(page.getByTestId("slos").or(page.locator(".empty-note"))).toBeVisible();
  await expect(page.getByRole("link", { name: "New SLO" })).toHaveCount(0);
  const response = await page.goto("/slos/new");
  expect(response?.status()).toBe(403);
});

test("a bad filter or cursor is named on the SLO list; an id that is no SLO is a 404", async ({ page }) => {
  const console = new ConsolePage(page);
  await console.openAs("viewer", "/slos", "SLOs");
  for (const [path, message] of [
    ["/slos?service=a%00b", /service: must not contain NUL/],
    ["/slos?cursor=%21%21", /cursor: is not a cursor from this API/],
    [`/slos?service=${"x".repeat(201)}`, /service: must be 1 to 200 characters/],
  ] as const) {
    await test.step(path, async () => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.getByTestId("invalid-parameter")).toHaveText(message);
    });
  }
  for (const path of ["/slos/a%00b", "/slos/999999999999", `/slos/${"9".repeat(30)}`, "/slos/-1"]) {
    await test.step(path, async () => {
      expect((await page.goto(path))?.status(), path).toBe(404);
    });
  }
});

test("a service whose SLO spent its budget says so on its page and on Delivery (the error budget policy)", async ({
  page,
  baseURL,
}) => {
  const console = new ConsolePage(page);
  await console.openAs("sre", "/slos", "SLOs");
  // fraud-scoring fails about 0.6% of its requests in the demo: a 99.99% promise is long spent.
  const name = `e2e-spent-${Date.now().toString(36)}`;
  const created = await page.request.post("/api/v1/slos", {
    data: { name, service: "fraud-scoring", sli: { type: "availability" }, objectivePercent: 99.99, window: "30d" },
    headers: { origin: baseURL as string },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  try {
    const slo = (await (await page.request.get(`/api/v1/slos/${id}`)).json()) as { status: string };
    expect(slo.status).toBe("exhausted");
    for (const path of ["/services/fraud-scoring", "/delivery"]) {
      await page.goto(path);
      const notice = page.getByTestId("budget-exhausted");
      await expect(notice).toContainText("Error budget spent");
      await expect(notice.getByRole("link", { name })).toHaveAttribute("href", `/slos/${id}`);
      // Delivery covers every service: the notice names whose SLO it is.
      if (path === "/delivery")
        await expect(notice.getByRole("link", { name: "fraud-scoring" })).toHaveAttribute(
          "href",
          "/services/fraud-scoring",
        );
    }
    await page.goto("/services/ledger");
    await expect(console.heading).toHaveText("ledger");
    await expect(page.getByTestId("budget-exhausted")).toHaveCount(0);
  } finally {
    await page.request.delete(`/api/v1/slos/${id}`, { headers: { origin: baseURL as string } });
  }
});
