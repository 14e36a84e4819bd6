-- Delivery events a sender asked to have stored asynchronously (Prefer: respond-async): checked
-- and validated, committed here before the 202, then stored by the worker in large batches
-- (lib/delivery/store-delivery-inbox.ts) and deleted. `record` is the validated record as JSON
-- text (text, not JSONB: a \u0000 or a lone surrogate the record allows is kept as sent).
CREATE TABLE "delivery_inbox" (
  "id" BIGSERIAL PRIMARY KEY,
  "kind" TEXT NOT NULL CHECK ("kind" IN ('deployment', 'incident')),
  "route" TEXT NOT NULL,
  "sender" TEXT NOT NULL,
  "record" TEXT NOT NULL,
  "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "last_error" TEXT
);
