import http from "node:http";
import type { AddressInfo } from "node:net";
import { roleCtx, uniqueName } from "./factories";
import { createChannel } from "@/lib/notifications/create-channel";
import type { Notice } from "@/lib/notifications/schemas";

/** One request a hook server received, as it arrived. */
export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server standing in for a webhook receiver, Slack or PagerDuty: it answers each
 * request with the next status of `statuses` (the last one repeats) and keeps what it received.
 */
export async function hookServer(statuses: number[] = [200], answerHeaders: Record<string, string> = {}) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      res.writeHead(status, { "content-type": "text/plain", ...answerHeaders });
      res.end(status < 300 ? "ok" : `answer ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A notice of a service no other test uses, so only this test's channels take it. */
export function testNotice(service: string, overrides: Partial<Notice> = {}): Notice {
  return {
    key: uniqueName("alert"),
    state: "firing",
    severity: "page",
    title: "checkout availability burning fast",
    summary: "Burn rate 14.4x over 5m and 1h",
    service,
    team: "payments",
    url: "https://vigil.example.com/slos/1",
    labels: { slo: "checkout-availability" },
    source: "slo",
    ...overrides,
  };
}

/** A webhook channel of its own for `service`, as an admin creates it. */
export function webhookChannel(url: string, service: string, secret = "a-long-enough-secret-123") {
  return createChannel(roleCtx("admin"), {
    name: uniqueName("hook"),
    kind: "webhook",
    url,
    secret,
    routing: { services: [service] },
  });
}
