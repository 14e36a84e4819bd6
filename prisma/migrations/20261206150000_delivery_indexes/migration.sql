-- Index-only reads for the DORA figures (bench:dora), and fewer index entries to keep on ingest.

-- The incident link's lookup (incident-links.ts) reads the deployment id from the index too.
CREATE INDEX "delivery_live_row_link_idx" ON "delivery_live_row" ("service", "finished_at" DESC, "deployment_key" DESC)
  INCLUDE ("deployment_id");
DROP INDEX "delivery_live_row_service_idx";

-- Lead time reads commits by first deployment only when no pull request carried them and their
-- authored time is known (read-lead-time.ts): only those are indexed, with what the read needs.
CREATE INDEX "delivery_commit_lone_idx" ON "delivery_commit" ("first_deployed_at")
  INCLUDE ("authored_at", "service", "team")
  WHERE "first_deployed_at" IS NOT NULL AND "pull_request_id" IS NULL AND "authored_at" IS NOT NULL;
CREATE INDEX "delivery_commit_lone_service_idx" ON "delivery_commit" ("service", "first_deployed_at")
  INCLUDE ("authored_at")
  WHERE "first_deployed_at" IS NOT NULL AND "pull_request_id" IS NULL AND "authored_at" IS NOT NULL;
CREATE INDEX "delivery_commit_lone_team_idx" ON "delivery_commit" ("team", "first_deployed_at")
  INCLUDE ("authored_at")
  WHERE "first_deployed_at" IS NOT NULL AND "pull_request_id" IS NULL AND "authored_at" IS NOT NULL;
DROP INDEX "delivery_commit_deployed_idx";
DROP INDEX "delivery_commit_service_idx";
DROP INDEX "delivery_commit_team_idx";
