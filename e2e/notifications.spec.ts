import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";

// An admin checks a notification channel from Settings: "Send test" delivers to a real HTTP
// receiver and shows the outcome; a receiver that answers 500 makes the channel show as failing.

async function receiver(status: number) {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      bodies.push(body);
      res.writeHead(status).end(status < 300 ? "ok" : "receiver broken");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, bodies, close: () => new Promise((resolve) => server.close(resolve)) };
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
