import { createHash } from "node:crypto";
import type { Notice, Severity } from "./schemas";

// PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/):
// trigger with a payload, resolve by the same dedup_key. The summary (the notice's title, at most 300
// characters) fits PagerDuty's 1,024; dedup_key is at most 255, so a longer alert key is sent as its SHA-256.

export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

const PD_SEVERITY: Record<Severity, "critical" | "error" | "info"> = {
  page: "critical",
  ticket: "error",
  info: "info",
};

export function dedupKey(key: string): string {
  return key.length <= 255 ? key : `sha256:${createHash("sha256").update(key).digest("hex")}`;
}

export function pagerDutyBody(notice: Notice, routingKey: string): Record<string, unknown> {
  const base = { routing_key: routingKey, dedup_key: dedupKey(notice.key) };
  if (notice.state === "resolved") return { ...base, event_action: "resolve" };
  return {
    ...base,
    event_action: "trigger",
    payload: {
      summary: notice.title,
      source: notice.service ?? "vigil",
      severity: PD_SEVERITY[notice.severity],
      custom_details: {
        summary: notice.summary,
        service: notice.service,
        team: notice.team,
        alert_source: notice.source,
        labels: notice.labels,
      },
    },
    client: "Vigil",
    ...(notice.url ? { client_url: notice.url, links: [{ href: notice.url, text: "Open in Vigil" }] } : {}),
  };
}
