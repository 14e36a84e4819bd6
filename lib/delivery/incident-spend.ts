// Cost of change: what a service spent while an incident of it was open. Spend is allocated per UTC
// day (effective cost, as the service page's spend), so each day's spend counts for the share of
// its 24 hours the incident was open. An open incident counts up to `now`.
import { z } from "zod";
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { parseInput, text } from "@/lib/validation";

const IncidentSpendInput = z.object({
  incidents: z
    .array(z.object({ id: text(40, 1), service: text(200, 1), createdAt: z.date(), resolvedAt: z.date().nullable() }))
    .max(200),
  now: z.date(),
});

/** Each incident's pro-rated spend (USD, 6 decimals), or null when no day it was open has allocated spend yet. */
export async function incidentSpend(
  ctx: Ctx,
  input: z.input<typeof IncidentSpendInput>,
): Promise<Map<string, string | null>> {
  authorize(ctx, "read");
  const { incidents, now } = parseInput(IncidentSpendInput, input);
  if (incidents.length === 0) return new Map();
  const { rows } = await pool().query<{ id: string; cost: string | null }>(
    `WITH i AS (SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[])
                  AS t(id, service, from_at, to_at)),
          d AS (SELECT a.app_service, a.day, sum(a.effective_cost) AS cost FROM cost_allocation a
                 WHERE a.app_service = ANY ($2::text[])
                   AND a.day >= (SELECT min(from_at AT TIME ZONE 'UTC')::date FROM i)
                   AND a.day <= (SELECT max(to_at AT TIME ZONE 'UTC')::date FROM i)
                 GROUP BY a.app_service, a.day)
     SELECT i.id, trim_scale(round(sum(d.cost * extract(epoch FROM
              least(i.to_at, (d.day + 1)::timestamp AT TIME ZONE 'UTC')
              - greatest(i.from_at, d.day::timestamp AT TIME ZONE 'UTC')) / 86400), 6))::text AS cost
       FROM i LEFT JOIN d ON d.app_service = i.service
        AND d.day >= (i.from_at AT TIME ZONE 'UTC')::date AND d.day <= (i.to_at AT TIME ZONE 'UTC')::date
      GROUP BY i.id`,
    [
      incidents.map((i) => i.id),
      incidents.map((i) => i.service),
      incidents.map((i) => i.createdAt),
      incidents.map((i) => (i.resolvedAt && i.resolvedAt < now ? i.resolvedAt : now)),
    ],
  );
  return new Map(rows.map((r) => [r.id, r.cost]));
}
