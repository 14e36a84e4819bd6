import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";

// An admin checks a notification channel from Settings: "Send test" delivers to a real HTTP
// receiver and shows the outcome; a receiver that answers 500 makes the channel show as failing.
// An admin also adds, edits and deletes a channel and adds and ends a silence through the forms.

async function receiver(status: number) {
  const bodies: string[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      bodies.push(body);
      headers.push(req.headers);
      res.writeHead(status).end(status < 300 ? "ok" : "receiver broken");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, bodies, headers, close: () => new Promise((resolve) => server.close(resolve)) };
}

test("Send test on Settings delivers to the channel and shows the result, and a failing channel says so", async ({
  page,
  baseURL,
}) => {
  const good = await receiver(200);
  const bad = await receiver(500);
  try {
    const console = new ConsolePage(page);
    await console.openAs("admin", "/settings", "Settings");
    const suffix = Date.now().toString(36);
    for (const [name, url] of [
      [`e2e-good-${suffix}`, good.url],
      [`e2e-bad-${suffix}`, bad.url],
    ]) {
      const created = await page.request.post("/api/v1/notifications/channels", {
        data: { name, kind: "webhook", url, secret: "e2e-secret-0123456789", routing: { services: ["e2e-none"] } },
        headers: { origin: baseURL as string },
      });
      expect(created.status()).toBe(201);
    }
    await page.reload();

    await test.step("a working channel: delivered, and the log shows the attempt", async () => {
      const row = page.getByTestId(`channel-e2e-good-${suffix}`);
      await expect(row.getByTestId("channel-state")).toHaveText("not used yet");
      await row.getByRole("button", { name: /^Send a test notification/ }).click();
      await expect(row.getByRole("status")).toHaveText(/^Delivered \(200\) in \d+ ms$/);
      expect(JSON.parse(good.bodies[0]).title).toBe(`Test notification for e2e-good-${suffix}`);
      await expect(row.getByTestId("channel-state")).toHaveText("ok");
      const logged = page.getByTestId("delivery-row").filter({ hasText: `e2e-good-${suffix}` });
      await expect(logged).toContainText("sent");
    });

    await test.step("a broken receiver: the failure is shown, and the channel is failing with its error", async () => {
      const row = page.getByTestId(`channel-e2e-bad-${suffix}`);
      await row.getByRole("button", { name: /^Send a test notification/ }).click();
      await expect(row.getByRole("status")).toHaveText("Failed: HTTP 500: receiver broken");
      await expect(row.getByTestId("channel-state")).toHaveText("failing");
      await expect(row).toContainText("HTTP 500: receiver broken");
    });

    for (const width of [1440, 1024, 390]) {
      await test.step(`the notifications read at ${width} px`, async () => {
        await page.setViewportSize({ width, height: 900 });
        await expect(page.getByTestId("channels-table")).toBeVisible();
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBeLessThanOrEqual(0);
      });
    }
  } finally {
    await Promise.all([good.close(), bad.close()]);
  }
});

/** Whether the receiver's n-th request carries the signature `secret` gives its body. */
function signedWith(hook: Awaited<ReturnType<typeof receiver>>, n: number, secret: string): boolean {
  const timestamp = hook.headers[n]["x-vigil-timestamp"];
  const expected = createHmac("sha256", secret).update(`${timestamp}.${hook.bodies[n]}`).digest("hex");
  return hook.headers[n]["x-vigil-signature"] === `sha256=${expected}`;
}

test("An admin adds, edits and deletes a webhook channel through the forms", async ({ page }) => {
  const hook = await receiver(200);
  const name = `e2e-form-${Date.now().toString(36)}`;
  const secret = "form-secret-0123456789";
  const channels = async () =>
    ((await (await page.request.get("/api/v1/notifications/channels")).json()) as { items: ChannelItem[] }).items;
  try {
    await new ConsolePage(page).openAs("admin", "/settings", "Settings");
    const section = page.getByTestId("notification-channels");

    await test.step("the API's refusal shows under the field it names; a valid channel joins the list", async () => {
      await section.getByRole("button", { name: "Add channel" }).click();
      const form = page.getByRole("form", { name: "New channel" });
      await form.getByLabel("Kind").selectOption("webhook");
      await form.getByLabel("Name").fill(name);
      await form.getByLabel("URL").fill(hook.url);
      await form.getByLabel("Signing secret").fill("short");
      await form.getByLabel("Services").fill(" e2e-none , ,");
      await form.getByRole("checkbox", { name: "page" }).check();
      await form.getByRole("button", { name: "Add channel" }).click();
      await expect(form.getByTestId("field-error")).toHaveText("must be 16 to 1024 characters");
      await expect(form.getByLabel("Signing secret")).toHaveAttribute("aria-invalid", "true");
      await form.getByLabel("Signing secret").fill(secret);
      await form.getByLabel("URL").fill("http://169.254.169.254/latest/meta-data/");
      await form.getByRole("button", { name: "Add channel" }).click();
      await expect(form.getByTestId("field-error")).toHaveText(
        "refused: 169.254.169.254 is a cloud metadata address; allow it by listing the address itself in VIGIL_NOTIFY_ALLOW_PRIVATE",
      );
      await expect(form.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");
      await form.getByLabel("URL").fill(hook.url);
      await form.getByRole("button", { name: "Add channel" }).click();
      await expect(form).toBeHidden();
      const row = page.getByTestId(`channel-${name}`);
      await expect(row).toContainText(hook.url);
      await expect(row).toContainText("services: e2e-none");
      const stored = (await channels()).find((channel) => channel.name === name);
      expect(stored).toMatchObject({
        kind: "webhook",
        target: hook.url,
        enabled: true,
        secrets: { secret: "set" },
        routing: { services: ["e2e-none"], teams: [], severities: ["page"] },
      });
    });

    const row = page.getByTestId(`channel-${name}`);
    await test.step("a test notice is signed with the secret typed into the form", async () => {
      await row.getByRole("button", { name: /^Send a test notification/ }).click();
      await expect(row.getByRole("status")).toHaveText(/^Delivered \(200\)/);
      expect(signedWith(hook, 0, secret)).toBe(true);
    });

    await test.step("an edit changes the routing and keeps the secret left empty", async () => {
      await row.getByRole("button", { name: `Edit ${name}` }).click();
      const dialog = page.getByRole("dialog", { name: `Edit ${name}` });
      await expect(dialog.getByLabel("Kind")).toBeDisabled();
      await expect(dialog.getByLabel("URL")).toHaveValue(hook.url);
      await dialog.getByLabel("Teams").fill("payments");
      await dialog.getByRole("checkbox", { name: "ticket" }).check();
      await dialog.getByRole("button", { name: "Save changes" }).click();
      await expect(dialog).toBeHidden();
      await expect(row).toContainText("teams: payments");
      const stored = (await channels()).find((channel) => channel.name === name);
      expect(stored?.routing).toEqual({ services: ["e2e-none"], teams: ["payments"], severities: ["page", "ticket"] });
      await row.getByRole("button", { name: /^Send a test notification/ }).click();
      await expect(row.getByRole("status")).toHaveText(/^Delivered \(200\)/);
      expect(signedWith(hook, 1, secret)).toBe(true);
    });

    await test.step("Delete asks first; Cancel keeps the channel, confirming removes it", async () => {
      await row.getByRole("button", { name: `Delete ${name}` }).click();
      const dialog = page.getByRole("dialog", { name: `Delete the channel ${name}?` });
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(dialog).toBeHidden();
      await expect(row).toBeVisible();
      await row.getByRole("button", { name: `Delete ${name}` }).click();
      await dialog.getByRole("button", { name: "Delete channel" }).click();
      await expect(row).toBeHidden();
      expect((await channels()).map((channel) => channel.name)).not.toContain(name);
    });
  } finally {
    await hook.close();
  }
});

test("An admin adds a silence through the form and ends it after a confirm step", async ({ page }) => {
  const service = `e2e-silenced-${Date.now().toString(36)}`;
  const silences = async () =>
    ((await (await page.request.get("/api/v1/notifications/silences")).json()) as { items: SilenceItem[] }).items;
  await new ConsolePage(page).openAs("admin", "/settings", "Settings");
  const section = page.getByTestId("notification-silences");
  await section.getByRole("button", { name: "Add silence" }).click();
  const form = page.getByRole("form", { name: "New silence" });

  await test.step("a silence that matches nothing, or has ended already, is refused next to its field", async () => {
    await form.getByLabel("Reason").fill("e2e maintenance window");
    await form.getByRole("button", { name: "Add silence" }).click();
    await expect(form.getByTestId("field-error")).toHaveText(/at least one service, team, severity or key/);
    await form.getByLabel("Services").fill(service);
    await form.getByLabel("Ends (UTC)").fill("2001-01-01T00:00");
    await form.getByRole("button", { name: "Add silence" }).click();
    await expect(form.getByTestId("field-error")).toHaveText("must be in the future");
    await expect(form.getByLabel("Ends (UTC)")).toHaveAttribute("aria-invalid", "true");
  });

  const ends = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 16);
  await test.step("a valid silence shows as active, in the list and the API", async () => {
    await form.getByLabel("Ends (UTC)").fill(ends);
    await form.getByRole("button", { name: "Add silence" }).click();
    await expect(form).toBeHidden();
    const row = section.getByTestId("silence-row").filter({ hasText: service });
    await expect(row).toContainText("active");
    await expect(row).toContainText(`${ends.replace("T", " ")} UTC`);
    const stored = (await silences()).find((silence) => silence.matchers.services.includes(service));
    expect(stored).toMatchObject({ active: true, reason: "e2e maintenance window", endsAt: `${ends}:00.000Z` });
  });

  await test.step("End now ends it: the row says ended and the API agrees", async () => {
    const row = section.getByTestId("silence-row").filter({ hasText: service });
    const confirm = page.getByRole("dialog", { name: "End the silence “e2e maintenance window” now?" });
    await row.getByRole("button", { name: "End now" }).click();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    expect((await silences()).find((silence) => silence.matchers.services.includes(service))?.active).toBe(true);
    await row.getByRole("button", { name: "End now" }).click();
    await confirm.getByRole("button", { name: "End silence" }).click();
    await expect(row).toContainText("ended");
    await expect(row.getByRole("button", { name: "End now" })).toHaveCount(0);
    const stored = (await silences()).find((silence) => silence.matchers.services.includes(service));
    expect(stored).toMatchObject({ active: false });
    expect(stored?.expiredBy).toBeTruthy();
  });
});

interface ChannelItem {
  name: string;
  kind: string;
  target: string;
  enabled: boolean;
  secrets: Record<string, string>;
  routing: { services: string[]; teams: string[]; severities: string[] };
}

interface SilenceItem {
  matchers: { services: string[] };
  active: boolean;
  reason: string;
  endsAt: string;
  expiredBy: string | null;
}
