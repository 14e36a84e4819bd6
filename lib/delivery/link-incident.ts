// A person decides which deployment caused an incident (or that none did): the decision wins over
// the rule from then on, and the audit trail keeps who, what it was before, and why.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { LINK_JOINS, LINKED_INCIDENT_COLUMNS, type LinkedIncidentRow } from "@/lib/delivery/incident-links";
import { parseInput, text } from "@/lib/validation";

const id = z.string().regex(/^\d{1,18}$/, "must be an id from this API");

export const LinkIncidentInput = z.object({
  /** The deployment that caused it; null: no deployment did. */
  deploymentId: id.nullable(),
  reason: text(500).trim().min(1, "must say why"),
});

export async function linkIncident(ctx: Ctx, incidentId: string, input: unknown) {
  authorize(ctx, "services:manage");
  const ref = parseInput(z.object({ incidentId: id }), { incidentId });
  const { deploymentId, reason } = parseInput(LinkIncidentInput, input);
  return sqlTransaction(async (client) => {
    const before = await client.query<LinkedIncidentRow>(
      `SELECT ${LINKED_INCIDENT_COLUMNS} FROM delivery_incident i ${LINK_JOINS} WHERE i.id = $1 FOR UPDATE OF i`,
      [ref.incidentId],
    );
    if (!before.rows[0]) throw new VigilError("not_found", "No such incident", { incidentId });
    if (deploymentId !== null) {
      const found = await client.query("SELECT 1 FROM delivery_deployment WHERE id = $1", [deploymentId]);
      if (!found.rowCount)
        throw new VigilError("bad_request", "deploymentId: no such deployment", { field: "deploymentId" });
    }
    await client.query(
      `UPDATE delivery_incident SET manual_deployment_id = $2, manual_link_by = $3, manual_link_at = now(), updated_at = now()
        WHERE id = $1`,
      [ref.incidentId, deploymentId, ctx.actor.label],
    );
    await recordAudit(client, ctx, {
      action: "incident.link",
      target: { type: "incident", id: ref.incidentId },
      summary: { before: before.rows[0].linked_deployment_id, after: deploymentId },
      reason,
    });
    return { incidentId: ref.incidentId, linkedDeploymentId: deploymentId };
  });
}
