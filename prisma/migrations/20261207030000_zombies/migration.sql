-- Zombies (issue 17): idle resources found by lib/zombies' rules, the teardown queue FinOps works,
-- the plans it yields and the savings over time. Vigil never calls a cloud API: a plan is text a
-- person applies through their own pipeline.

CREATE TABLE zombie_finding (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rule                   text NOT NULL,
  -- The resource as the scan keys it: provider:kind:id, or terraform:<address> for managed-only ones.
  resource_key           text NOT NULL,
  resource_id            text NOT NULL,
  kind                   text NOT NULL,
  provider               text NOT NULL,
  address                text,
  arn                    text,
  name                   text,
  region                 text,
  service                text,
  team                   text,
  environment            text,
  owner                  text,
  managed                boolean NOT NULL DEFAULT false,
  -- Effective cost of the last 30 days in the resource's billing currency (null: no cost lines).
  monthly_savings        numeric(38, 18),
  currency               char(3),
  confidence             text NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
  protected              boolean NOT NULL,
  protected_reason       text,
  second_approval        boolean NOT NULL DEFAULT false,
  summary                text NOT NULL,
  evidence               jsonb NOT NULL,
  status                 text NOT NULL DEFAULT 'new'
                           CHECK (status IN ('new', 'notified', 'approved', 'rejected', 'snoozed', 'planned', 'done', 'verified')),
  -- Open while the rule still matches; set when a scan no longer finds it (and it was never approved).
  cleared_at             timestamptz,
  snoozed_until          timestamptz,
  notify_deadline        timestamptz,
  approvals              jsonb NOT NULL DEFAULT '[]',
  approved_savings       numeric(38, 18),
  gone_at                timestamptz,
  verified_at            timestamptz,
  realised_savings       numeric(38, 18),
  first_seen_at          timestamptz NOT NULL DEFAULT now(),
  last_seen_at           timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rule, resource_key)
);
CREATE INDEX zombie_finding_status ON zombie_finding (status, monthly_savings DESC NULLS LAST);
CREATE INDEX zombie_finding_team ON zombie_finding (team, status);
CREATE INDEX zombie_finding_key ON zombie_finding (resource_key);

-- Every step of a finding's life, for its history (the audit trail holds the same decisions, chained).
CREATE TABLE zombie_event (
  id          bigserial PRIMARY KEY,
  finding_id  uuid NOT NULL REFERENCES zombie_finding (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  action      text NOT NULL,
  reason      text,
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX zombie_event_finding ON zombie_event (finding_id, at);

CREATE TABLE teardown_plan (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  finding_id  uuid NOT NULL REFERENCES zombie_finding (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('terraform', 'aws-cli')),
  file_name   text NOT NULL,
  content     text NOT NULL,
  check_command text NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX teardown_plan_created ON teardown_plan (created_at DESC, id);
CREATE INDEX teardown_plan_finding ON teardown_plan (finding_id);

-- Savings per UTC day and currency as each scan left them: estimated (open findings), approved
-- (approved, planned or done) and realised (verified). The Zombies page charts these over time.
CREATE TABLE zombie_savings_day (
  day        date NOT NULL,
  currency   char(3) NOT NULL,
  estimated  numeric(38, 18) NOT NULL,
  approved   numeric(38, 18) NOT NULL,
  realised   numeric(38, 18) NOT NULL,
  findings   integer NOT NULL,
  PRIMARY KEY (day, currency)
);

-- Threshold and protection overrides over lib/zombies/thresholds.ts' defaults: one row.
CREATE TABLE zombie_settings (
  id          integer PRIMARY KEY CHECK (id = 1),
  overrides   jsonb NOT NULL DEFAULT '{}',
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The last scan: when it ran, the newest import it had seen (a newer one triggers the next scan
-- within a minute) and what it found.
CREATE TABLE zombie_scan (
  id          integer PRIMARY KEY CHECK (id = 1),
  scanned_at  timestamptz NOT NULL,
  watermark   timestamptz,
  result      jsonb NOT NULL DEFAULT '{}'
);
