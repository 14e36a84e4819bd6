import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { parseInput } from "../validation";
import { ServiceSpendInput } from "./schemas";

/**
 * A service's allocated spend over [from, to): the cost allocation grouped by app service, the
 * same sum the Costs page and GET /api/v1/costs/summary?groupBy=appService give its row.
 */
export async function serviceSpend(
  ctx: Ctx,
  input: ServiceSpendInput,
): Promise<{ service: string; from: string; to: string; metric: "billed" | "effective"; cost: string }> {
  authorize(ctx, "read");
  const { service, from, to, metric } = parseInput(ServiceSpendInput, input);
  const { rows } = await pool().query<{ cost: string }>(
    `SELECT trim_scale(COALESCE(sum(${metric}_cost), 0))::text AS cost
     FROM cost_allocation WHERE day >= $1::date AND day < $2::date AND app_service = $3`,
    [from, to, service],
  );
  return { service, from, to, metric, cost: rows[0].cost };
}
