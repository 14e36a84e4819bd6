import { expect, type Page, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";
import { openSettled, sidewaysOverflow } from "./pages/every-page";

// An admin writes a runbook in the editor: a refused URL is said next to its field, a secret header
// reads "set" once saved and stays set through an edit that does not retype it, and the dry run shows
// the exact request with the secret redacted. An SRE reads runbooks but gets no editor. The pages fit
// a desktop, a laptop and a phone.

const URL = "http://127.0.0.1:9/rollback";
const SECRET = "Bearer e2e-editor-token-5150";

async function fits(page: Page, name: string) {
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    // Wide tables may scroll inside their card (culprits then): the page itself must not.
    const { overflow, cards } = await sidewaysOverflow(page);
    expect({ overflow, cards }, `${name} at ${width} px`).toEqual({ overflow: 0, cards: [] });
    await page.screenshot({ path: `e2e/screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1400, height: 1000 });
}

test("an admin creates a runbook with a secret header, sees it set, and dry-runs it", async ({ page }) => {
  const name = `editor-rollback-${Date.now()}`;
  const console = await ConsolePage.signedIn(page, "admin");
  await openSettled(page, "/anomalies");
  await fits(page, "anomalies-header");
  await page.getByRole("link", { name: "Runbooks", exact: true }).click();
  await expect(console.heading).toHaveText("Runbooks");
  await page.getByRole("link", { name: "New runbook" }).click();
  await expect(console.heading).toHaveText("New runbook");
  const form = page.getByRole("form", { name: "New runbook" });

  await test.step("a refused URL is said next to its field", async () => {
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("URL", { exact: true }).fill("ftp://automation.example.com/rollback");
    await form.getByRole("checkbox", { name: "Error rate anomalies" }).check();
    await form.getByRole("button", { name: "Create runbook" }).click();
    await expect(form.getByLabel("URL", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByTestId("field-error")).toHaveCount(1);
  });

  await test.step("fill in the call, a secret and a plain header, and save", async () => {
    await form.getByLabel("URL", { exact: true }).fill(URL);
    await form.getByLabel("Description").fill("Rolls the service back to its last release");
    await form.getByRole("button", { name: "Add header" }).click();
    await form.getByRole("button", { name: "Add header" }).click();
    const [auth, team] = [form.getByRole("group", { name: "Header 1" }), form.getByRole("group", { name: "Header 2" })];
    await auth.getByLabel("Header name").fill("Authorization");
    await auth.getByRole("checkbox", { name: "Secret" }).check();
    await auth.getByLabel("Header value").fill(SECRET);
    await team.getByLabel("Header name").fill("X-Team");
    await team.getByLabel("Header value").fill("payments");
    await form.getByLabel("Services").fill("fraud-scoring, payments-api");
    await fits(page, "runbook-new");
    await form.getByRole("button", { name: "Create runbook" }).click();
  });

  const edit = page.getByRole("form", { name: "Edit runbook" });
  await test.step("the saved secret reads set, and is never in the page", async () => {
    await expect(console.heading).toHaveText(name);
    // Plain headers are listed first once stored: the secret is now the second row.
    const auth = edit.getByTestId("header-row").filter({ has: page.getByTestId("secret-set") });
    await expect(auth).toHaveCount(1);
    await expect(auth.getByLabel("Header name")).toHaveValue("Authorization");
    await expect(auth.getByLabel("Header value")).toHaveValue("");
    expect(await page.content()).not.toContain("e2e-editor-token");
  });

  await test.step("an edit that does not retype the secret keeps it", async () => {
    await edit.getByLabel("Environments").fill("prod");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit.getByRole("status")).toContainText("Saved");
    await expect(edit.getByTestId("secret-set")).toHaveText("set");
    const id = page.url().split("/").pop();
    const read = (await (await page.request.get(`/api/v1/runbooks/${id}`)).json()) as {
      headers: { name: string; secret: boolean }[];
      environments: string[];
    };
    expect(read.environments).toEqual(["prod"]);
    expect(read.headers).toContainEqual({ name: "Authorization", secret: true, value: "set" });
  });

  await test.step("the dry run shows the exact request, the secret redacted", async () => {
    await page.getByRole("button", { name: "Dry run" }).click();
    const request = page.getByTestId("runbook-request");
    await expect(request).toContainText(`POST ${URL}`);
    await expect(request).toContainText("Authorization: [secret]");
    await expect(request).toContainText("X-Team: payments");
    await expect(request).toContainText('"service": "checkout-api"');
    await fits(page, "runbook-edit");
  });

  await test.step("the list shows it; delete asks first", async () => {
    await console.open("/anomalies/runbooks");
    await fits(page, "runbooks");
    await page.getByTestId("runbooks").getByRole("link", { name }).click();
    await page.getByRole("button", { name: `Delete runbook ${name}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await expect(console.heading).toHaveText(name);
    await page.getByRole("button", { name: `Delete runbook ${name}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete runbook" }).click();
    await expect(console.heading).toHaveText("Runbooks");
    await expect(page.getByTestId("runbooks").getByRole("link", { name })).toHaveCount(0);
  });
});

test("an SRE reads runbooks but gets no editor", async ({ page, browser, baseURL }) => {
  const admin = await browser.newPage();
  await ConsolePage.signedIn(admin, "admin");
  const created = await admin.request.post("/api/v1/runbooks", {
    data: {
      name: `editor-read-${Date.now()}`,
      method: "PUT",
      url: URL,
      headers: [{ name: "Authorization", value: SECRET, secret: true }],
      bodyTemplate: '{"service": "{{service}}"}',
      sloAlerts: true,
    },
    headers: { origin: baseURL as string },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await ConsolePage.signedIn(page, "sre");
  await openSettled(page, "/anomalies/runbooks");
  await expect(page.getByRole("link", { name: "New runbook" })).toHaveCount(0);
  await openSettled(page, `/anomalies/runbooks/${id}`);
  await expect(page.getByRole("form")).toHaveCount(0);
  await expect(page.getByTestId("runbook-details")).toContainText("Authorization: set");
  await expect(page.getByRole("button", { name: "Dry run" })).toBeVisible();
  await fits(page, "runbook-read");
  const refused = await page.goto("/anomalies/runbooks/new");
  expect(refused?.status()).toBe(403);
});
