-- The delivery domain: deployments with the commits they shipped, pull requests and incidents, as
-- the DevLake, GitHub and PagerDuty webhooks and telemetry send them. Each record is unique per
-- (source, sender's id) so a re-send updates it; content_hash tells a re-send that changes nothing.
-- Written and read with SQL (lib/delivery), not Prisma.

CREATE TABLE "delivery_deployment" (
  "id"           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "source"       TEXT NOT NULL,
  "external_id"  TEXT NOT NULL,
  "service"      TEXT NOT NULL,
  "team"         TEXT,
  "environment"  TEXT NOT NULL CHECK ("environment" IN ('PRODUCTION', 'STAGING', 'TESTING', 'DEVELOPMENT')),
  "result"       TEXT NOT NULL CHECK ("result" IN ('SUCCESS', 'FAILURE')),
  "started_at"   TIMESTAMPTZ(3) NOT NULL,
  "finished_at"  TIMESTAMPTZ(3) NOT NULL,
  "version"      TEXT,
  "author"       TEXT,
  "hotfix"       BOOLEAN NOT NULL DEFAULT false,
  "commit_count" INTEGER NOT NULL DEFAULT 0,
  "content_hash" TEXT NOT NULL,
  "received_at"  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at"   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  UNIQUE ("source", "external_id")
);
-- The metrics read successful production deployments by finish, for the platform, a service or a team.
CREATE INDEX "delivery_deployment_shipped_idx" ON "delivery_deployment" ("finished_at")
  WHERE "environment" = 'PRODUCTION' AND "result" = 'SUCCESS';
CREATE INDEX "delivery_deployment_service_idx" ON "delivery_deployment" ("service", "finished_at");
CREATE INDEX "delivery_deployment_team_idx" ON "delivery_deployment" ("team", "finished_at");
CREATE INDEX "delivery_deployment_list_idx" ON "delivery_deployment" ("finished_at" DESC, "id" DESC);

-- The commits a deployment shipped, each with its own finish (DevLake sends one per commit).
CREATE TABLE "delivery_deployment_commit" (
  "deployment_id" BIGINT NOT NULL REFERENCES "delivery_deployment" ("id") ON DELETE CASCADE,
  "repo_url"      TEXT NOT NULL,
  "commit_sha"    TEXT NOT NULL,
  "commit_msg"    TEXT,
  "authored_at"   TIMESTAMPTZ(3),
  "finished_at"   TIMESTAMPTZ(3) NOT NULL,
  PRIMARY KEY ("deployment_id", "repo_url", "commit_sha")
);
CREATE INDEX "delivery_deployment_commit_sha_idx" ON "delivery_deployment_commit" ("repo_url", "commit_sha");

-- The moments a successful production deployment went live, as the incident link compares them
-- (DevLake compares deployment-commit rows one by one): each distinct commit finish, or the
-- deployment's own finish when it names no commit. deployment_key breaks ties as the pure rule does.
CREATE TABLE "delivery_live_row" (
  "deployment_id"  BIGINT NOT NULL REFERENCES "delivery_deployment" ("id") ON DELETE CASCADE,
  "service"        TEXT NOT NULL,
  "finished_at"    TIMESTAMPTZ(3) NOT NULL,
  "deployment_key" TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY ("deployment_id", "finished_at")
);
CREATE INDEX "delivery_live_row_service_idx" ON "delivery_live_row" ("service", "finished_at" DESC, "deployment_key" DESC);

CREATE TABLE "delivery_pull_request" (
  "id"                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "external_id"       TEXT NOT NULL UNIQUE,
  "repo_url"          TEXT NOT NULL,
  "service"           TEXT,
  "title"             TEXT NOT NULL,
  "first_commit_at"   TIMESTAMPTZ(3),
  "opened_at"         TIMESTAMPTZ(3) NOT NULL,
  "merged_at"         TIMESTAMPTZ(3) NOT NULL,
  "merge_commit_sha"  TEXT NOT NULL,
  "commit_shas"       TEXT[] NOT NULL,
  -- Its first successful production deployment (the earliest of its commits'), kept current on write.
  "first_deployed_at" TIMESTAMPTZ(3),
  "deploy_service"    TEXT,
  "deploy_team"       TEXT,
  "content_hash"      TEXT NOT NULL,
  "received_at"       TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "delivery_pull_request_deployed_idx" ON "delivery_pull_request" ("first_deployed_at")
  WHERE "first_deployed_at" IS NOT NULL;

-- Every commit Vigil has heard of, once: when it was authored (a deployment or a push said), its
-- first successful production deployment and the pull request that carried it. Lead time reads
-- this instead of re-deriving first deployments from a million deployment-commit rows.
CREATE TABLE "delivery_commit" (
  "repo_url"            TEXT NOT NULL,
  "commit_sha"          TEXT NOT NULL,
  "authored_at"         TIMESTAMPTZ(3),
  "first_deployed_at"   TIMESTAMPTZ(3),
  "first_deployment_id" BIGINT,
  "service"             TEXT,
  "team"                TEXT,
  "pull_request_id"     BIGINT,
  PRIMARY KEY ("repo_url", "commit_sha")
);
CREATE INDEX "delivery_commit_deployed_idx" ON "delivery_commit" ("first_deployed_at")
  WHERE "first_deployed_at" IS NOT NULL;
CREATE INDEX "delivery_commit_service_idx" ON "delivery_commit" ("service", "first_deployed_at");
CREATE INDEX "delivery_commit_team_idx" ON "delivery_commit" ("team", "first_deployed_at");

CREATE TABLE "delivery_incident" (
  "id"                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "source"               TEXT NOT NULL,
  "external_key"         TEXT NOT NULL,
  "service"              TEXT NOT NULL,
  "team"                 TEXT,
  "title"                TEXT NOT NULL,
  "status"               TEXT NOT NULL CHECK ("status" IN ('TODO', 'IN_PROGRESS', 'DONE')),
  "severity"             TEXT,
  "url"                  TEXT,
  "created_at"           TIMESTAMPTZ(3) NOT NULL,
  "resolved_at"          TIMESTAMPTZ(3),
  -- A link a person set wins over the rule; null: the rule decides, on read.
  "manual_deployment_id" BIGINT REFERENCES "delivery_deployment" ("id") ON DELETE SET NULL,
  "manual_link_by"       TEXT,
  "manual_link_at"       TIMESTAMPTZ(3),
  "content_hash"         TEXT NOT NULL,
  "received_at"          TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at"           TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  UNIQUE ("source", "external_key")
);
CREATE INDEX "delivery_incident_created_idx" ON "delivery_incident" ("created_at" DESC, "id" DESC);
CREATE INDEX "delivery_incident_service_idx" ON "delivery_incident" ("service", "created_at");
CREATE INDEX "delivery_incident_team_idx" ON "delivery_incident" ("team", "created_at");
CREATE INDEX "delivery_incident_open_idx" ON "delivery_incident" ("created_at") WHERE "resolved_at" IS NULL;
