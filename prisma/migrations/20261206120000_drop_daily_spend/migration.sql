-- The Overview reads its spend from cost_allocation, as the Costs page does; the second roll-up,
-- which split the bill by its own hard-coded tag keys, is gone.
DROP TABLE IF EXISTS "daily_spend";
