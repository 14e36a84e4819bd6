import { PAGERDUTY_EVENTS_URL } from "./format-pagerduty";
import type { AttemptView, ChannelInput, ChannelKind, ChannelView, Routing, Severity } from "./schemas";

/** What a channel sends with: `config` is shown to admins, `secrets` never leaves the server. */
export interface ChannelConfig {
  url?: string | null;
  to?: string[];
}
export interface ChannelSecrets {
  secret?: string;
  url?: string;
  routingKey?: string;
}

export interface ChannelRow {
  id: string;
  name: string;
  kind: ChannelKind;
  config: ChannelConfig;
  secrets: ChannelSecrets;
  route_services: string[];
  route_teams: string[];
  route_severities: Severity[];
  enabled: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  recent?: (Omit<AttemptView, "at"> & { at: string })[] | null;
}

/** A channel's last attempts decide its health: this many failures in a row (or all it has) is failing. */
export const FAILING_AFTER = 3;

export const CHANNEL_SELECT = `SELECT c.*, (
    SELECT json_agg(json_build_object('at', a.at, 'durationMs', a.duration_ms, 'status', a.status,
      'error', a.error, 'outcome', a.outcome) ORDER BY a.id DESC)
    FROM (SELECT * FROM notification_attempt WHERE channel_id = c.id ORDER BY id DESC LIMIT ${FAILING_AFTER}) a
  ) AS recent
  FROM notification_channel c`;

/** The stored halves of a validated input. */
export function splitInput(input: ChannelInput): { config: ChannelConfig; secrets: ChannelSecrets } {
  switch (input.kind) {
    case "webhook":
      return { config: { url: input.url }, secrets: { secret: input.secret } };
    case "slack":
      return { config: {}, secrets: { url: input.url } };
    case "pagerduty":
      return { config: { url: input.url ?? null }, secrets: { routingKey: input.routingKey } };
    case "email":
      return { config: { to: input.to }, secrets: {} };
  }
}

/** The input a stored channel was made from, secrets included: what an update starts from. */
export function storedInput(row: ChannelRow): Record<string, unknown> {
  const routing: Routing = { services: row.route_services, teams: row.route_teams, severities: row.route_severities };
  const base = { name: row.name, kind: row.kind, routing, enabled: row.enabled };
  if (row.kind === "webhook") return { ...base, url: row.config.url, secret: row.secrets.secret };
  if (row.kind === "slack") return { ...base, url: row.secrets.url };
  if (row.kind === "pagerduty")
    return { ...base, routingKey: row.secrets.routingKey, url: row.config.url ?? undefined };
  return { ...base, to: row.config.to };
}

function target(row: ChannelRow): string {
  if (row.kind === "slack") return "Slack incoming webhook";
  if (row.kind === "email") return (row.config.to ?? []).join(", ");
  if (row.kind === "pagerduty") return row.config.url ?? PAGERDUTY_EVENTS_URL;
  return row.config.url ?? "";
}

const SECRET_FIELDS: Record<ChannelKind, (keyof ChannelSecrets)[]> = {
  webhook: ["secret"],
  slack: ["url"],
  pagerduty: ["routingKey"],
  email: [],
};

function health(row: ChannelRow): ChannelView["health"] {
  const recent = row.recent ?? [];
  const last = recent[0];
  if (!last) return { state: "unused", lastError: null, lastAttemptAt: null };
  const failing = recent.every((attempt) => attempt.outcome !== "sent");
  const lastError = recent.find((attempt) => attempt.error !== null)?.error ?? null;
  const lastAttemptAt = new Date(last.at).toISOString();
  return { state: failing ? "failing" : "ok", lastError: failing ? lastError : null, lastAttemptAt };
}

export function toChannelView(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    target: target(row),
    secrets: Object.fromEntries(
      SECRET_FIELDS[row.kind].map((field) => [field, row.secrets[field] ? "set" : "not set"] as const),
    ),
    routing: { services: row.route_services, teams: row.route_teams, severities: row.route_severities },
    enabled: row.enabled,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    health: health(row),
  };
}
