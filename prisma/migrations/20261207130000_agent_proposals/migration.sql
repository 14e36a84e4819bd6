-- What the agent (or its rule-based templates) proposed, with the validator's verdict, and what
-- people decided. A proposal that failed any check is kept with its checks, status 'rejected'.
CREATE TABLE agent_proposal (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind               text NOT NULL CHECK (kind IN ('refactor', 'teardown', 'attribution', 'explanation')),
  -- valid: a suggestion awaiting a person; rejected: failed validation; approved / declined: decided;
  -- superseded: a newer proposal for the same fingerprint replaced it, or its findings went away.
  status             text NOT NULL CHECK (status IN ('valid', 'rejected', 'approved', 'declined', 'superseded')),
  source             text NOT NULL CHECK (source IN ('llm', 'rule-based')),
  -- sha256 of what the proposal is about (kind and its sorted targets, mapping or subject): the
  -- generator does not store the same proposal twice while one is open.
  fingerprint        text NOT NULL,
  title              text NOT NULL CHECK (length(title) <= 300),
  -- For an explanation, what it explains (anomaly:<id>, slo-alert:<id>, drift:<id>, zombie:<id>, policy-finding:<id>).
  subject            text,
  targets            text[] NOT NULL DEFAULT '{}',
  -- The proposal as parsed by lib/agent/schemas.ts; null when the answer did not parse (raw holds it, bounded).
  body               jsonb,
  raw                text CHECK (length(raw) <= 70000),
  checks             jsonb NOT NULL,
  uncited            integer[] NOT NULL DEFAULT '{}',
  claimed_monthly    numeric(20, 6),
  recomputed_monthly numeric(20, 6),
  currency           text,
  run_id             uuid,
  model              text,
  requested_by       text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  decided_at         timestamptz,
  decided_by         text,
  decision_reason    text CHECK (length(decision_reason) <= 2000),
  -- Built at approval: a git format-patch (refactor, teardown), null for the other kinds.
  patch              text,
  -- The GitHub pull request opened for an approved patch, when GitHub is configured.
  pr_state           text CHECK (pr_state IN ('pending', 'opened', 'failed')),
  pr_url             text,
  pr_error           text,
  pr_attempts        integer NOT NULL DEFAULT 0
);
CREATE INDEX agent_proposal_list ON agent_proposal (created_at DESC, id);
CREATE INDEX agent_proposal_kind_status ON agent_proposal (kind, status, created_at DESC);
CREATE INDEX agent_proposal_subject ON agent_proposal (subject, created_at DESC) WHERE subject IS NOT NULL;
CREATE UNIQUE INDEX agent_proposal_open_fingerprint ON agent_proposal (fingerprint) WHERE status = 'valid';
CREATE INDEX agent_proposal_pr_pending ON agent_proposal (decided_at) WHERE pr_state = 'pending';

-- Accepted attributions: the allocation consults these after a line's own feature tag and before
-- the telemetry split (lib/attribution/allocation-inputs.ts).
CREATE TABLE allocation_mapping (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type        text NOT NULL CHECK (type IN ('tag-rule', 'resource-feature')),
  tag_key     text,
  tag_value   text,
  resource_id text,
  feature     text NOT NULL,
  proposal_id uuid REFERENCES agent_proposal (id),
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((type = 'tag-rule' AND tag_key IS NOT NULL AND tag_value IS NOT NULL AND resource_id IS NULL)
      OR (type = 'resource-feature' AND resource_id IS NOT NULL AND tag_key IS NULL AND tag_value IS NULL))
);
CREATE UNIQUE INDEX allocation_mapping_resource ON allocation_mapping (resource_id) WHERE type = 'resource-feature';
CREATE UNIQUE INDEX allocation_mapping_tag ON allocation_mapping (lower(tag_key), tag_value) WHERE type = 'tag-rule';
