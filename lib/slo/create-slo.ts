import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { SloInput } from "./schemas";
import { SLO_COLUMNS, type SloRecord, type SloRow, toSloRecord } from "./slo-records";

/** Creates an SLO (audited); its first evaluation comes with the next worker minute or the first read. */
export async function createSlo(ctx: Ctx, input: unknown): Promise<SloRecord> {
  authorize(ctx, "services:manage");
  const definition = parseInput(SloInput, input);
  return sqlTransaction(async (client) => {
    const { rows } = await client.query<SloRow>(
      `INSERT INTO slo AS s (name, service, definition, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO NOTHING RETURNING ${SLO_COLUMNS}`,
      [definition.name, definition.service, definition, ctx.actor.label],
    );
    if (!rows[0]) throw new VigilError("conflict", `An SLO named ${definition.name} already exists`, { field: "name" });
    await recordAudit(client, ctx, {
      action: "slo.create",
      target: { type: "slo", id: definition.name },
      summary: { after: definition },
    });
    return toSloRecord(rows[0]);
  });
}
