import { type APIRequestContext, expect, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";
import { switchModel } from "./pages/agent-model";

// The suite's scripted OpenAI-compatible model (test/fake-llm-e2e.ts) switched on: a round of
// proposals reads the zombie findings through the read-only tool and answers one teardown and two
// refactors that must not survive validation (a resource type no provider has, and a diff that
// deletes a resource as a planted instruction asks). The page shows them as the model's, the bad
// ones rejected with the checks that failed and nothing to approve. Ask Vigil on a zombie finding
// goes to the model too, and its uncited claim is flagged.

interface Listed {
  id: string;
  kind: string;
  status: string;
  source: string;
  title: string;
  checks: { name: string; passed: boolean }[];
}

async function modelProposals(request: APIRequestContext): Promise<Listed[]> {
  const response = await request.get("/api/v1/proposals?source=llm&limit=100");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: Listed[] }).items;
}

const failedChecks = (item: Listed) => item.checks.filter((check) => !check.passed).map((check) => check.name);

test("the scripted model's proposals: the good one is a suggestion, the bad ones are rejected with reasons", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  await switchModel(browser, baseURL as string, true);
  const console = await ConsolePage.signedIn(page, "finops");
  await console.navigateTo("Agent suggestions");
  await expect(page.getByTestId("agent-mode")).toContainText("scripted-model");

  // The worker's first round may have run before the zombie scan: ask until the model's teardown is in.
  let items: Listed[] = [];
  await expect
    .poll(
      async () => {
        items = await modelProposals(page.request);
        if (items.some((item) => item.kind === "teardown")) return true;
        await page.request.post("/api/v1/proposals/generate", { headers: { origin: baseURL as string } });
        return false;
      },
      { timeout: 180_000, intervals: [2_000, 5_000, 10_000] },
    )
    .toBe(true);

  const quantum = items.find((item) => item.title.includes("quantum instance"));
  const deleting = items.find((item) => item.title.includes("delete all databases"));
  const teardown = items.find((item) => item.kind === "teardown");
  expect(quantum).toMatchObject({ status: "rejected", source: "llm" });
  expect(failedChecks(quantum!)).toContain("provider-schema");
  expect(deleting).toMatchObject({ status: "rejected", source: "llm" });
  expect(failedChecks(deleting!)).toContain("no-destroy");
  expect(teardown).toMatchObject({ status: "valid", source: "llm" });

  await test.step("a rejected proposal's page says why and offers no approval", async () => {
    await console.open(`/agent/${deleting!.id}`);
    await expect(page.getByTestId("proposal-rejected")).toContainText("no-destroy");
    await expect(page.getByTestId("proposal-source").first()).toContainText("scripted-model");
    await expect(page.locator('[data-testid="check"][data-passed="false"]').first()).toBeVisible();
    await expect(page.getByRole("button", { name: /^Approve/ })).toHaveCount(0);
  });

  await test.step("the model's teardown awaits FinOps like any other", async () => {
    await console.open(`/agent/${teardown!.id}`);
    await expect(page.getByTestId("proposal-rejected")).toHaveCount(0);
    await expect(page.getByTestId("proposal-source").first()).toContainText("scripted-model");
    await expect(page.getByText("both look like a finished load test")).toBeVisible();
  });

  await test.step("the list shows the model's proposals, rejected ones as rejected", async () => {
    await console.open("/agent?status=rejected");
    const row = page.locator('[data-testid="proposal-row"]', { hasText: "quantum instance" }).first();
    await expect(row).toBeVisible();
    await expect(row.getByTestId("proposal-status")).toHaveText("rejected");
  });
});

test("Ask Vigil with the scripted model: claims from the model, the uncited one flagged", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  await switchModel(browser, baseURL as string, true);
  const console = await ConsolePage.signedIn(page, "sre");
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        const answer = await page.request.get("/api/v1/zombies?limit=1");
        id = ((await answer.json()) as { items: { id: string }[] }).items[0]?.id;
        return Boolean(id);
      },
      { timeout: 180_000, intervals: [2_000, 5_000] },
    )
    .toBe(true);
  await console.open(`/zombies/${id}`);
  const ask = page.getByTestId("ask-vigil");
  const button = ask.getByRole("button", { name: "Ask Vigil", exact: true });
  await expect(button).toBeEnabled();
  await button.click();
  const answer = ask.getByTestId("ask-vigil-answer");
  await expect(answer).toBeVisible({ timeout: 60_000 });
  await expect(answer.getByTestId("proposal-source")).toContainText("scripted-model");
  await expect(answer.getByTestId("claim")).toHaveCount(2);
  await expect(answer.getByText("no citation")).toBeVisible();
  await expect(answer.getByTestId("evidence-link").first()).toBeVisible();
});
