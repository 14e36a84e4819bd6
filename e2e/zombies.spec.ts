import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";
import { restatedSandboxBill } from "./restated-bill";
import { SignInPage } from "./pages/sign-in-page";

// FinOps works the demo's zombies in the browser: approves an unattached volume and downloads its
// dry-run-first script, snoozes an idle elastic IP, approves a production elastic IP with a second
// person and its name typed, then sees the volume's teardown verified once the inventory no longer
// lists it and the account's next bill delivery (through tomorrow) charges nothing for it.

const VOLUME = "vol-0c71e5a94d2b8f360";
const STAGING_IP = "eipalloc-0e3b9d17c54a2f806";
const PROD_IP = "eipalloc-0f5c8a2d7e91b4036";
const SANDBOX_ACCOUNT = "512345678902";

async function findingId(request: APIRequestContext, resource: string): Promise<string> {
  const response = await request.get(`/api/v1/zombies?status=all&q=${resource}`);
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as { items: { id: string; resourceId: string }[] };
  const found = items.find((item) => item.resourceId === resource);
  expect(found, `a finding for ${resource}`).toBeDefined();
  return found!.id;
}

async function decide(page: Page, action: string, reason: string, extra: Record<string, string> = {}) {
  const form = page.getByRole("form", { name: "Decide on this finding" });
  await form.getByRole("radio", { name: action }).check();
  for (const [label, value] of Object.entries(extra)) await form.getByLabel(label).fill(value);
  await form.getByLabel("Reason").fill(reason);
  await form.getByRole("button", { name: action }).click();
}

test("FinOps approves, snoozes, approves twice for production and sees a teardown verified", async ({
  page,
  browser,
  baseURL,
}) => {
  const console = await ConsolePage.signedIn(page, "finops");
  await console.open("/zombies");
  await expect(console.heading).toHaveText("Zombies");
  await expect(page.getByText(VOLUME).first()).toBeVisible();

  // The staging worker busy by day is no zombie, but is proposed a stop at nights and weekends.
  await console.open("/zombies/offhours");
  await expect(page.getByText("notifications-staging-worker").first()).toBeVisible();

  // The unattached volume: approved, and its dry-run-first script is listed for download.
  const volume = await findingId(page.request, VOLUME);
  await console.open(`/zombies/${volume}`);
  await decide(page, "Approve teardown", "Scratch volume attached to nothing since it was created");
  await expect(page.getByTestId("decision-saved")).toContainText("planned");
  await console.open("/zombies/plans");
  const download = page.waitForEvent("download");
  await page
    .getByRole("link", { name: new RegExp(VOLUME) })
    .first()
    .click();
  const script = await (await download).path();
  expect(script).toBeTruthy();

  // The idle staging IP: snoozed until a day next month.
  const stagingIp = await findingId(page.request, STAGING_IP);
  await console.open(`/zombies/${stagingIp}`);
  const until = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await decide(page, "Snooze", "Kept for the January failover drill", { "Snooze until (UTC)": until });
  await expect(page.getByTestId("decision-saved")).toContainText("snoozed");

  // Production: the name typed, then a second person.
  const prodIp = await findingId(page.request, PROD_IP);
  await console.open(`/zombies/${prodIp}`);
  const typed = (await page.request.get(`/api/v1/zombies/${prodIp}`).then((r) => r.json())) as {
    finding: { name: string | null; resourceId: string };
  };
  const resourceName = typed.finding.name ?? typed.finding.resourceId;
  await decide(page, "Approve teardown", "Released NAT address, nothing uses it", {
    [`Type the resource's name, ${resourceName}, to confirm`]: resourceName,
  });
  await expect(page.getByTestId("decision-saved")).toBeVisible();
  expect((await page.request.get(`/api/v1/zombies/${prodIp}`).then((r) => r.json())).finding.approvals).toHaveLength(1);
  const second = await browser.newContext({ baseURL });
  const adminPage = await second.newPage();
  await new SignInPage(adminPage).asDemo("admin");
  await adminPage.goto(`/zombies/${prodIp}`);
  await decide(adminPage, "Approve teardown", "Agreed: checked the route tables", {
    [`Type the resource's name, ${resourceName}, to confirm`]: resourceName,
  });
  await expect(adminPage.getByTestId("decision-saved")).toContainText("planned");
  await second.close();

  // The volume torn down: the inventory no longer lists it, and the account's restated bill charges it nothing.
  await console.open(`/zombies/${volume}`);
  await decide(page, "Mark done (torn down)", "Deleted through change CHG-4711");
  // No decision is left to take on a done teardown: the form goes, the history says it.
  await expect(page.getByText(/planned → done/)).toBeVisible();
  await console.open("/costs/inventory");
  const aws = page.getByRole("form", { name: "Import AWS CLI output" });
  await aws.getByLabel("Command").selectOption("ec2-describe-volumes");
  await aws.getByLabel("Region (if not printed)").fill("us-east-1");
  await aws.getByLabel("Account (if not printed)").fill(SANDBOX_ACCOUNT);
  await aws.getByLabel("JSON output").setInputFiles({
    name: "describe-volumes.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ Volumes: [] })),
  });
  await aws.getByRole("button", { name: "Import output" }).click();
  await expect(page.getByTestId("aws-outcomes")).toContainText(
    /describe-volumes\.json: 0 ebs-volume: 0 added, 0 changed, [1-9]\d* gone/,
  );
  await page.goto("/costs/imports");
  await page.locator('input[type="file"]').setInputFiles({
    name: "sandbox-focus-restated.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(restatedSandboxBill(VOLUME)),
  });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("upload-outcome")).toContainText("Imported");
  await console.open("/zombies");
  // The worker scans within a minute of the imports; Scan now does it at once. Either verifies it.
  await page.getByRole("button", { name: "Scan now" }).click();
  await expect(page.getByRole("button", { name: "Scan now" })).toBeEnabled({ timeout: 60_000 });
  await expect
    .poll(async () => (await page.request.get(`/api/v1/zombies/${volume}`).then((r) => r.json())).finding.status, {
      timeout: 90_000,
    })
    .toBe("verified");
  await console.open(`/zombies/${volume}`);
  await expect(page.getByText("verified").first()).toBeVisible();
  const finding = (await page.request.get(`/api/v1/zombies/${volume}`).then((r) => r.json())) as {
    finding: { status: string; realisedSavings: string | null };
  };
  expect(finding.finding.status).toBe("verified");
  expect(Number(finding.finding.realisedSavings)).toBeGreaterThan(0);
});
