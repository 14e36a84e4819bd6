import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";

// The error budget policy: a service with an SLO whose budget is spent should ship fixes, not
// features. Pipelines read it from the deployment webhook's answer (budgetExhausted) and gate on
// it; the Delivery and service pages say it. From the stored statuses, at most a minute old.

export interface ExhaustedSlo {
  service: string;
  id: string;
  name: string;
  errorBudgetRemaining: number;
}

async function exhausted(services: readonly string[] | null): Promise<ExhaustedSlo[]> {
  if (services?.length === 0) return [];
  const { rows } = await pool().query<ExhaustedSlo>(
    `SELECT s.service, s.id::text, s.name, (t.evaluation->>'errorBudgetRemaining')::float8 AS "errorBudgetRemaining"
       FROM slo s JOIN slo_status t ON t.slo_id = s.id
      WHERE ($1::text[] IS NULL OR s.service = ANY ($1::text[])) AND t.evaluation->>'status' = 'exhausted'
      ORDER BY s.service, s.name LIMIT 500`,
    [services],
  );
  return rows;
}

/** The SLOs of these services (null: of every service) whose budget is spent, for the pages. */
export async function exhaustedBudgets(ctx: Ctx, services: readonly string[] | null): Promise<ExhaustedSlo[]> {
  authorize(ctx, "read");
  return exhausted(services);
}

// Every deployment webhook asks; the statuses change once a minute: the services with a spent
// budget are read at most every 10 seconds, not once per event.
const CACHE_MS = 10_000;
let cached: { at: number; services: Promise<Set<string>> } | null = null;

function exhaustedServices(now: number): Promise<Set<string>> {
  if (!cached || now - cached.at > CACHE_MS) {
    const services = pool()
      .query<{ service: string }>(
        `SELECT DISTINCT s.service FROM slo s JOIN slo_status t ON t.slo_id = s.id WHERE t.evaluation->>'status' = 'exhausted'`,
      )
      .then(({ rows }) => new Set(rows.map((r) => r.service)));
    cached = { at: now, services };
    services.catch(() => (cached = null));
  }
  return cached.services;
}

/** A status just stored in this process is seen by its next webhook answer at once (others within 10 s). */
export function forgetExhaustedServices(): void {
  cached = null;
}

/** Whether a deployment of this service goes out with an SLO's budget spent (the webhook's answer). */
export async function budgetExhausted(ctx: Ctx, service: string, now = Date.now()): Promise<boolean> {
  authorize(ctx, "ingest:delivery");
  return (await exhaustedServices(now)).has(service);
}
