import { z } from "zod";
import { oneOf, pageLimit, text, timestamp } from "../validation";

export const SEVERITIES = ["page", "ticket", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const CHANNEL_KINDS = ["webhook", "slack", "pagerduty", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const DELIVERY_STATES = ["pending", "sent", "failed", "silenced", "superseded"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

const unsetWhenEmpty = (value: unknown) => (value === "" || value === null ? undefined : value);

/** An http(s) URL of at most 2,000 characters, with no blanks or control characters in it. */
export const HttpUrl = text(2000, 1)
  .refine((value) => !/[\s\u0000-\u001f\u007f]/.test(value), "must be a URL without spaces or control characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an http(s) URL such as https://example.com/hook");

const names = (max: number) =>
  z
    .array(text(200, 1).trim(), { error: "must be a list of names" })
    .max(max, `must hold at most ${max} names`)
    .default([]);

export const Routing = z
  .object({
    services: names(100).describe("Only notices of these services; empty: any service"),
    teams: names(100).describe("Only notices of these teams; empty: any team"),
    severities: z
      .array(oneOf(SEVERITIES), { error: "must be a list of severities" })
      .max(3, "must hold at most 3 severities")
      .default([])
      .describe("Only notices of these severities; empty: all"),
  })
  .strict();
export type Routing = z.infer<typeof Routing>;

const common = {
  name: text(100, 1).trim().describe("Unique name shown in lists"),
  routing: Routing.prefault({}),
  enabled: z.boolean({ error: "must be true or false" }).default(true),
};

/** Each kind's fields; secrets are stored but never returned. */
export const KIND_SCHEMAS = {
  webhook: z
    .object({
      ...common,
      kind: z.literal("webhook"),
      url: HttpUrl,
      secret: text(1024, 16).describe("Signs each body (X-Vigil-Signature): 16 to 1024 characters"),
    })
    .strict(),
  slack: z
    .object({ ...common, kind: z.literal("slack"), url: HttpUrl.describe("The Slack incoming webhook URL (a secret)") })
    .strict(),
  pagerduty: z
    .object({
      ...common,
      kind: z.literal("pagerduty"),
      routingKey: text(100, 1).describe("The integration key of a PagerDuty Events API v2 integration"),
      url: z.preprocess(unsetWhenEmpty, HttpUrl.optional()).describe("Default https://events.pagerduty.com/v2/enqueue"),
    })
    .strict(),
  email: z
    .object({
      ...common,
      kind: z.literal("email"),
      to: z
        .array(z.email({ error: "must be e-mail addresses" }).max(254), { error: "must be a list of e-mail addresses" })
        .min(1, "must hold 1 to 20 e-mail addresses")
        .max(20, "must hold 1 to 20 e-mail addresses"),
    })
    .strict(),
} as const;

export const ChannelKindInput = z.object({ kind: oneOf(CHANNEL_KINDS) });
export type ChannelInput = z.infer<(typeof KIND_SCHEMAS)[ChannelKind]>;

/** What an alert hands to notify(): `key` is stable per alert, so resolve and dedupe find it. */
export const Notice = z.object({
  key: text(500, 1),
  state: oneOf(["firing", "resolved"]),
  severity: oneOf(SEVERITIES),
  title: text(300, 1),
  summary: text(4000),
  service: text(200).nullable(),
  team: text(200).nullable(),
  url: HttpUrl.nullable(),
  labels: z
    .record(text(100, 1), text(1000))
    .refine((labels) => Object.keys(labels).length <= 50, "must hold at most 50 labels"),
  source: oneOf(["slo", "budget", "zombies", "anomalies", "forecasts", "test"]),
});
export type Notice = z.infer<typeof Notice>;

const matchList = (max: number, item: z.ZodType<string>) =>
  z.array(item, { error: "must be a list" }).max(max, `must hold at most ${max} values`).default([]);

export const CreateSilenceInput = z
  .object({
    matchers: z
      .object({
        services: matchList(100, text(200, 1)),
        teams: matchList(100, text(200, 1)),
        severities: matchList(3, oneOf(SEVERITIES)),
        keys: matchList(100, text(500, 1)),
      })
      .strict()
      .refine(
        (m) => m.services.length + m.teams.length + m.severities.length + m.keys.length > 0,
        "must name at least one service, team, severity or key",
      ),
    endsAt: timestamp().describe("When the silence ends, ISO 8601"),
    reason: text(1000, 1).trim(),
  })
  .strict();
export type CreateSilenceInput = z.input<typeof CreateSilenceInput>;

export const ExpireSilenceInput = z.object({
  reason: z.preprocess(unsetWhenEmpty, text(1000).optional()),
});

export const ListDeliveriesInput = z.object({
  channel: z.preprocess(unsetWhenEmpty, z.uuid({ error: "must be a channel id" }).optional()),
  state: z.preprocess(unsetWhenEmpty, oneOf(DELIVERY_STATES).optional()),
  limit: z.preprocess(unsetWhenEmpty, pageLimit()),
  before: z.preprocess(
    unsetWhenEmpty,
    z
      .string({ error: "must be a delivery id" })
      .regex(/^[1-9][0-9]{0,17}$/, "must be a delivery id")
      .optional(),
  ),
});
export type ListDeliveriesInput = z.input<typeof ListDeliveriesInput>;

export interface AttemptView {
  at: string;
  durationMs: number;
  status: number | null;
  error: string | null;
  outcome: "sent" | "retry" | "failed";
}

export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  /** Where it sends, secrets left out: the webhook or PagerDuty URL, the recipients, or "Slack". */
  target: string;
  secrets: Record<string, "set" | "not set">;
  routing: Routing;
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  health: { state: "ok" | "failing" | "unused"; lastError: string | null; lastAttemptAt: string | null };
}

export interface DeliveryView {
  id: string;
  channelId: string;
  channelName: string;
  key: string;
  title: string;
  severity: Severity;
  noticeState: "firing" | "resolved";
  source: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
  log: AttemptView[];
}

export interface SilenceView {
  id: string;
  matchers: { services: string[]; teams: string[]; severities: Severity[]; keys: string[] };
  endsAt: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  expiredAt: string | null;
  expiredBy: string | null;
  active: boolean;
}
