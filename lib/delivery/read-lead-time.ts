// Lead time for changes in SQL, over delivery_commit and delivery_pull_request (their first
// deployments kept current on write), with the pure core's rules (lead-time.ts): a merged PR counts
// once from its first commit (else its opening); a commit no PR carried counts from its authored
// time; only changes first deployed in the window with a lead time above 0. A change belongs to the
// service (and team) that first shipped it. percentile_disc(0.5) is DevLake's lower-middle median.
import { pool } from "@/lib/db";
import { leadTimeTier2021, leadTimeTier2023 } from "@/lib/delivery/dora-tiers";
import type { LeadTimeForChanges } from "@/lib/delivery/lead-time";
import type { DoraSlice } from "@/lib/delivery/slice";

// Minutes as the core computes them: whole milliseconds / 60,000 in double precision. date_part
// (float8) rounded to the millisecond is exact at TIMESTAMPTZ(3) and avoids extract's numeric.
const minutes = (to: string, from: string) => `round(date_part('epoch', ${to} - ${from}) * 1000) / 60000`;

const SQL = `
WITH prs AS (
  SELECT ${minutes("p.first_deployed_at", "COALESCE(p.first_commit_at, p.opened_at)")} AS total,
         CASE WHEN p.first_commit_at IS NOT NULL AND p.opened_at >= p.first_commit_at
              THEN ${minutes("p.opened_at", "p.first_commit_at")} END AS coding,
         CASE WHEN p.merged_at >= p.opened_at THEN ${minutes("p.merged_at", "p.opened_at")} END AS review,
         CASE WHEN p.first_deployed_at >= p.merged_at THEN ${minutes("p.first_deployed_at", "p.merged_at")} END AS deploy
    FROM delivery_pull_request p
   WHERE p.first_deployed_at >= $1 AND p.first_deployed_at < $2
     AND p.first_deployed_at > COALESCE(p.first_commit_at, p.opened_at)
     AND ($3::text IS NULL OR p.deploy_service = $3) AND ($4::text IS NULL OR p.deploy_team = $4)
), lone AS (
  SELECT ${minutes("c.first_deployed_at", "c.authored_at")} AS total
    FROM delivery_commit c
   WHERE c.first_deployed_at >= $1 AND c.first_deployed_at < $2 AND c.pull_request_id IS NULL
     AND c.authored_at IS NOT NULL AND c.first_deployed_at > c.authored_at
     AND ($3::text IS NULL OR c.service = $3) AND ($4::text IS NULL OR c.team = $4)
), pr_stats AS (
  SELECT count(*)::int AS pull_requests,
         percentile_disc(0.5) WITHIN GROUP (ORDER BY coding) AS coding,
         percentile_disc(0.5) WITHIN GROUP (ORDER BY review) AS review,
         percentile_disc(0.5) WITHIN GROUP (ORDER BY deploy) AS deploy
    FROM prs
), change_stats AS (
  SELECT count(*)::int AS changes, percentile_disc(0.5) WITHIN GROUP (ORDER BY total) AS median
    FROM (SELECT total FROM prs UNION ALL SELECT total FROM lone) changes
)
SELECT * FROM change_stats, pr_stats`;

interface Row {
  changes: number;
  median: number | null;
  pull_requests: number;
  coding: number | null;
  review: number | null;
  deploy: number | null;
}

export async function readLeadTime(slice: DoraSlice): Promise<LeadTimeForChanges> {
  const { rows } = await pool().query<Row>(SQL, [slice.from, slice.to, slice.service ?? null, slice.team ?? null]);
  const row = rows[0];
  return {
    medianMinutes: row.median,
    changes: row.changes,
    pullRequests: row.pull_requests,
    codingMedianMinutes: row.coding,
    reviewMedianMinutes: row.review,
    deployMedianMinutes: row.deploy,
    tier2021: leadTimeTier2021(row.median),
    tier2023: leadTimeTier2023(row.median),
  };
}
