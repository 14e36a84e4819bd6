-- Notification channels (lib/notifications): where alerts go. `config` is shown to admins;
-- `secrets` (webhook secret, Slack URL, PagerDuty routing key) is stored but never returned.
CREATE TABLE "notification_channel" (
  "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  "name" TEXT NOT NULL UNIQUE,
  "kind" TEXT NOT NULL CHECK ("kind" IN ('webhook', 'slack', 'pagerduty', 'email')),
  "config" JSONB NOT NULL,
  "secrets" JSONB NOT NULL,
  "route_services" TEXT[] NOT NULL DEFAULT '{}',
  "route_teams" TEXT[] NOT NULL DEFAULT '{}',
  "route_severities" TEXT[] NOT NULL DEFAULT '{}',
  "enabled" BOOLEAN NOT NULL DEFAULT true,
  "created_by" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- Silences: a notice matching every non-empty matcher list is recorded as silenced, not sent.
CREATE TABLE "notification_silence" (
  "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  "match_services" TEXT[] NOT NULL DEFAULT '{}',
  "match_teams" TEXT[] NOT NULL DEFAULT '{}',
  "match_severities" TEXT[] NOT NULL DEFAULT '{}',
  "match_keys" TEXT[] NOT NULL DEFAULT '{}',
  "ends_at" TIMESTAMPTZ(3) NOT NULL,
  "reason" TEXT NOT NULL,
  "created_by" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "expired_at" TIMESTAMPTZ(3),
  "expired_by" TEXT
);
CREATE INDEX "notification_silence_active_idx" ON "notification_silence" ("ends_at") WHERE "expired_at" IS NULL;

-- One row per notice and matching channel; 'superseded' when a newer notice of the same alert came
-- before it was sent (a resolve overtaking a trigger still in backoff must not be sent before it). `next_attempt_at` is when the worker may take it: set
-- a minute ahead while an attempt runs, so a worker that dies mid-send leaves it to the next one.
CREATE TABLE "notification_delivery" (
  "id" BIGSERIAL PRIMARY KEY,
  "channel_id" UUID NOT NULL REFERENCES "notification_channel" ("id") ON DELETE CASCADE,
  "notice_key" TEXT NOT NULL,
  "notice" JSONB NOT NULL,
  "state" TEXT NOT NULL CHECK ("state" IN ('pending', 'sent', 'failed', 'silenced', 'superseded')),
  "silence_id" UUID REFERENCES "notification_silence" ("id") ON DELETE SET NULL,
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "next_attempt_at" TIMESTAMPTZ(3),
  "last_status" INTEGER,
  "last_error" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "finished_at" TIMESTAMPTZ(3)
);
CREATE INDEX "notification_delivery_due_idx" ON "notification_delivery" ("next_attempt_at") WHERE "state" = 'pending';
CREATE INDEX "notification_delivery_channel_idx" ON "notification_delivery" ("channel_id", "id" DESC);
CREATE INDEX "notification_delivery_state_idx" ON "notification_delivery" ("state", "id" DESC);
-- A newer notice of an alert replaces its channel's delivery still waiting (notify.ts).
CREATE INDEX "notification_delivery_pending_key_idx" ON "notification_delivery" ("notice_key") WHERE "state" = 'pending';
-- Finished deliveries are kept 30 days (drain-deliveries.ts prunes them).
CREATE INDEX "notification_delivery_finished_idx" ON "notification_delivery" ("finished_at") WHERE "finished_at" IS NOT NULL;

-- Every attempt: when, how long, the HTTP (or SMTP) status or the error, and what followed.
CREATE TABLE "notification_attempt" (
  "id" BIGSERIAL PRIMARY KEY,
  "delivery_id" BIGINT NOT NULL REFERENCES "notification_delivery" ("id") ON DELETE CASCADE,
  "channel_id" UUID NOT NULL REFERENCES "notification_channel" ("id") ON DELETE CASCADE,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "duration_ms" INTEGER NOT NULL,
  "status" INTEGER,
  "error" TEXT,
  "outcome" TEXT NOT NULL CHECK ("outcome" IN ('sent', 'retry', 'failed'))
);
CREATE INDEX "notification_attempt_delivery_idx" ON "notification_attempt" ("delivery_id", "id");
-- A channel's health reads its last attempts.
CREATE INDEX "notification_attempt_channel_idx" ON "notification_attempt" ("channel_id", "id" DESC);

SELECT vigil_grant_app_access();
