import { createHmac } from "node:crypto";
import type { Notice } from "./schemas";

// Signature scheme (docs/notifications.md): X-Vigil-Timestamp is the send time in Unix seconds;
// X-Vigil-Signature is "sha256=" + hex HMAC-SHA256, keyed with the channel's secret, of
// "<timestamp>.<raw body>". A receiver recomputes it and refuses timestamps older than 5 minutes,
// so a captured request can not be replayed later. Retries are signed anew, same X-Vigil-Delivery.

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The JSON body and headers of one webhook attempt. */
export function webhookRequest(
  notice: Notice,
  options: { deliveryId: string; secret: string; now: Date },
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    version: 1,
    deliveryId: options.deliveryId,
    key: notice.key,
    state: notice.state,
    severity: notice.severity,
    title: notice.title,
    summary: notice.summary,
    service: notice.service,
    team: notice.team,
    url: notice.url,
    labels: notice.labels,
    source: notice.source,
  });
  const timestamp = Math.floor(options.now.getTime() / 1000);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "Vigil-Notifications/1",
      "x-vigil-delivery": options.deliveryId,
      "x-vigil-timestamp": String(timestamp),
      "x-vigil-signature": signWebhook(options.secret, timestamp, body),
    },
  };
}
