-- An admin can keep the configured model switched off (a vendor outage, a data review): the agent
-- then runs its rule-based templates, as it does when no model is configured.
ALTER TABLE agent_settings ADD COLUMN model_enabled boolean NOT NULL DEFAULT true;
