import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { transaction } from "../db";
import { VigilError } from "../errors";
import { withSpan } from "../telemetry";
import { evaluateState } from "../policy/evaluate-state";
import { parseInput } from "../validation";
import type { TerraformState } from "./schemas";

export interface ImportStateResult {
  stateId: string;
  lineage: string;
  serial: number;
  /** Managed resource instances now in the inventory for this state. */
  resources: number;
}

const ImportStateInput = z.object({
  name: z
    .string()
    .min(1)
    .max(500)
    .refine((name) => !name.includes("\0"), "contains a NUL character"),
});

/**
 * Puts a Terraform state's managed resources into the inventory. A state is known by its lineage:
 * importing it again replaces its resources, unless the file is older (a lower serial) than what
 * was imported, which is refused so an old file can not roll the inventory back. The state is
 * read (and parsed, by its collector) only once the caller may import states.
 */
export async function importTerraformState(
  ctx: Ctx,
  input: { name: string; read: () => Promise<TerraformState> },
): Promise<ImportStateResult> {
  authorize(ctx, "ingest:iac");
  const { name } = parseInput(ImportStateInput, { name: input.name });
  const state = await input.read();
  const result = await withSpan("importTerraformState", { "vigil.iac.resources": state.resources.length }, () =>
    transaction(async (tx) => {
      const existing = await tx.terraformState.findUnique({ where: { lineage: state.lineage } });
      if (existing && existing.serial > state.serial) {
        throw new VigilError(
          "conflict",
          `${name}: serial ${state.serial} is older than the imported serial ${existing.serial} of lineage ${state.lineage}`,
        );
      }
      const data = {
        name,
        serial: state.serial,
        terraformVersion: state.terraformVersion,
        resources: state.resources.length,
        importedBy: ctx.actor.label,
        importedAt: new Date(),
      };
      const saved = existing
        ? await tx.terraformState.update({ where: { id: existing.id }, data })
        : await tx.terraformState.create({ data: { ...data, lineage: state.lineage } });
      await tx.inventoryResource.deleteMany({ where: { stateId: saved.id } });
      await tx.inventoryResource.createMany({
        data: state.resources.map(({ attributes: _attributes, ...resource }) => ({ ...resource, stateId: saved.id })),
      });
      await recordAudit(tx, ctx, {
        action: "inventory.import_state",
        target: { type: "terraform_state", id: saved.id },
        summary: {
          name,
          lineage: state.lineage,
          serial: state.serial,
          resources: state.resources.length,
          previousSerial: existing?.serial ?? null,
        },
      });
      return { stateId: saved.id, lineage: state.lineage, serial: state.serial, resources: state.resources.length };
    }),
  );
  // The policy rules read the attributes the inventory does not keep; evaluated once it committed.
  await evaluateState(ctx, { stateId: result.stateId, name, resources: state.resources });
  return result;
}
