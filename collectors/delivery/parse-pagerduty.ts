import { z } from "zod";
import type { Incident, IncidentStatus } from "@/lib/delivery/schemas";
import { type Ignored, LIMITS, lookup, name, type Parsed, parseWith, time, webUrl } from "./fields";

// PagerDuty V3 webhooks (developer.pagerduty.com, Webhooks Overview): `event.event_type` with the
// incident in `event.data`. Triggered, acknowledged and resolved update one incident keyed by its
// id; a resolution happens at the event's occurred_at. Other event types record nothing.

export interface PagerDutyConfig {
  /** PagerDuty service id or name → Vigil service; a service not listed keeps its PagerDuty name. */
  services: Record<string, string>;
}

const STATUS = new Map<string, IncidentStatus>([
  ["incident.triggered", "TODO"],
  ["incident.acknowledged", "IN_PROGRESS"],
  ["incident.resolved", "DONE"],
]);
const EVENT_TYPE = /^[a-z_]{1,50}\.[a-z_]{1,50}$/;

const body = z.object({
  event: z.object({
    event_type: name(100),
    occurred_at: time(),
    data: z.object({
      id: name(LIMITS.id),
      title: name(LIMITS.title),
      html_url: webUrl().nullish(),
      created_at: time(),
      urgency: name(50).nullish(),
      priority: z.object({ summary: name(50) }).nullish(),
      service: z.object({ id: name(LIMITS.id), summary: name() }),
    }),
  }),
});

export function parsePagerDutyEvent(input: unknown, config: PagerDutyConfig): Parsed<Incident | Ignored> {
  const kind = (input as { event?: { event_type?: unknown } } | null)?.event?.event_type;
  if (typeof kind === "string" && EVENT_TYPE.test(kind) && !STATUS.has(kind)) {
    return { ok: true, value: { ignored: `PagerDuty event "${kind}" is not read` } };
  }
  const parsed = parseWith(body, input);
  if (!parsed.ok) return parsed;
  const { event } = parsed.value;
  const status = STATUS.get(event.event_type);
  if (!status) {
    return {
      ok: false,
      errors: [{ field: "event.event_type", reason: "must be a PagerDuty event type such as incident.resolved" }],
    };
  }
  const incident = event.data;
  if (status === "DONE" && event.occurred_at < incident.created_at) {
    return { ok: false, errors: [{ field: "event.occurred_at", reason: "must not be before event.data.created_at" }] };
  }
  return {
    ok: true,
    value: {
      externalKey: incident.id,
      source: "pagerduty",
      service:
        lookup(config.services, incident.service.id) ??
        lookup(config.services, incident.service.summary) ??
        incident.service.summary,
      title: incident.title,
      status,
      severity: incident.priority?.summary ?? incident.urgency ?? null,
      url: incident.html_url ?? null,
      createdAt: incident.created_at,
      resolvedAt: status === "DONE" ? event.occurred_at : null,
    },
  };
}
