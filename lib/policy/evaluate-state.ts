import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { withSpan } from "../telemetry";
import { jsonbText } from "./json-safe";
import { toPolicyResource } from "./policy-resource";
import { applyStateEvaluation, type StateEvaluation } from "./state-evaluation";

const CHUNK = 5_000;
const STORE = `INSERT INTO policy_state_resource (state_id, address, type, attributes)
  SELECT $1, address, type, attributes FROM jsonb_to_recordset($2::jsonb) AS x(address text, type text, attributes jsonb)`;

/**
 * Keeps an imported state's resource attributes (what the rules read) and evaluates the rules in
 * force over them. Called by the state import once its inventory has committed.
 */
export async function evaluateState(
  ctx: Ctx,
  input: {
    stateId: string;
    name: string;
    resources: readonly { address: string; type: string; attributes?: unknown }[];
  },
): Promise<StateEvaluation> {
  authorize(ctx, "ingest:iac");
  const rows = input.resources.map(({ address, type, attributes }) => ({
    address,
    type,
    attributes: attributes ?? {},
  }));
  return withSpan("evaluateState", { "vigil.policy.resources": rows.length }, () =>
    sqlTransaction(async (client) => {
      await client.query("DELETE FROM policy_state_resource WHERE state_id = $1", [input.stateId]);
      for (let i = 0; i < rows.length; i += CHUNK)
        await client.query(STORE, [input.stateId, jsonbText(rows.slice(i, i + CHUNK))]);
      const resources = rows.map((row) => toPolicyResource(row.type, row.address, row.attributes));
      return applyStateEvaluation(client, { id: input.stateId, name: input.name }, resources, ctx.actor.label);
    }),
  );
}
