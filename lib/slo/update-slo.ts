import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { SloInput } from "./schemas";
import { lockSlo, refuseIfFromFile, SLO_COLUMNS, type SloRecord, type SloRow, toSloRecord } from "./slo-records";

/**
 * Changes an SLO: the fields given replace the stored ones and the whole is checked again (audited,
 * before and after). Its status is evaluated afresh; its alerts keep their states.
 */
export async function updateSlo(ctx: Ctx, id: string, input: unknown): Promise<SloRecord> {
  authorize(ctx, "services:manage");
  if (!input || typeof input !== "object" || Array.isArray(input))
    throw new VigilError("bad_request", "Send the fields to change as a JSON object", { field: null });
  return sqlTransaction(async (client) => {
    const before = await lockSlo(client, id);
    refuseIfFromFile(before);
    const definition = parseInput(SloInput, { ...before.definition, ...input });
    if (definition.name !== before.name) {
      const taken = await client.query("SELECT 1 FROM slo WHERE name = $1", [definition.name]);
      if (taken.rowCount)
        throw new VigilError("conflict", `An SLO named ${definition.name} already exists`, { field: "name" });
    }
    const { rows } = await client.query<SloRow>(
      `UPDATE slo s SET name = $2, service = $3, definition = $4, updated_at = now() WHERE s.id = $1 RETURNING ${SLO_COLUMNS}`,
      [before.id, definition.name, definition.service, definition],
    );
    await client.query("DELETE FROM slo_status WHERE slo_id = $1", [before.id]);
    await recordAudit(client, ctx, {
      action: "slo.update",
      target: { type: "slo", id: definition.name },
      summary: { before: before.definition, after: definition },
    });
    return toSloRecord(rows[0]);
  });
}
