-- Off-hours proposals (issue 17): a stop-nights-and-weekends schedule for each running
-- non-production instance or database that is not a zombie finding, with what it would save in the
-- month of the scan. Each scan replaces the whole set; nothing here is a decision or a queue.

CREATE TABLE zombie_offhours (
  resource_key    text NOT NULL,
  resource_id     text NOT NULL,
  kind            text NOT NULL,
  address         text,
  arn             text,
  name            text,
  region          text,
  service         text,
  team            text,
  environment     text NOT NULL,
  currency        char(3) NOT NULL,
  -- Effective cost of the last 30 complete days over the hours of the days it was billed.
  hourly_cost     numeric(38, 18) NOT NULL,
  -- {offHour, onHour, weekends, timezone}, as lib/zombies/offhours.ts reads it.
  schedule        jsonb NOT NULL,
  month           text NOT NULL,
  off_hours       integer NOT NULL,
  hours_in_month  integer NOT NULL,
  monthly_saving  numeric(38, 18) NOT NULL,
  scanned_at      timestamptz NOT NULL,
  PRIMARY KEY (resource_key, currency)
);
CREATE INDEX zombie_offhours_saving ON zombie_offhours (monthly_saving DESC, resource_key, currency);
