-- Delivery events a sender's key or signature let in but that could not be read: kept 7 days (the
-- insert prunes older rows) so a sender can see why, with the first 16 KiB of the body made safe.
CREATE TABLE "delivery_rejected_event" (
  "id" BIGSERIAL PRIMARY KEY,
  "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "route" TEXT NOT NULL,
  "source" TEXT NOT NULL,
  "event" TEXT,
  "delivery_id" TEXT,
  "sender" TEXT NOT NULL,
  "errors" JSONB NOT NULL,
  "body_excerpt" TEXT NOT NULL,
  "body_bytes" INTEGER NOT NULL
);

CREATE INDEX "delivery_rejected_event_received_idx" ON "delivery_rejected_event" ("received_at" DESC, "id" DESC);

-- Deliveries refused for a bad or missing signature: anyone can send those, so only a count per
-- route and UTC day is kept (a bounded table), enough to see a webhook secret that does not match.
CREATE TABLE "delivery_signature_failure" (
  "route" TEXT NOT NULL,
  "day" DATE NOT NULL,
  "count" INTEGER NOT NULL DEFAULT 0,
  "last_at" TIMESTAMPTZ(3) NOT NULL,
  "last_reason" TEXT NOT NULL,
  PRIMARY KEY ("route", "day")
);

-- New tables reach vigil_app through the default privileges; granted again for databases whose
-- app role was created after those were set (a no-op without the role).
SELECT vigil_grant_app_access();
