import { parseTerraformState } from "@/collectors/iac/terraform-state";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { transaction } from "../db";
import { VigilError } from "../errors";
import { withSpan } from "../telemetry";

export interface ImportStateResult {
  stateId: string;
  lineage: string;
  serial: number;
  /** Managed resource instances now in the inventory for this state. */
  resources: number;
}

const MAX_STATE_BYTES = 256 * 1024 * 1024;

/**
 * Puts a Terraform state's managed resources into the inventory. A state is known by its lineage:
 * importing it again replaces its resources, unless the file is older (a lower serial) than what
 * was imported, which is refused so an old file can not roll the inventory back.
 */
export async function importTerraformState(ctx: Ctx, input: { name: string; text: string }): Promise<ImportStateResult> {
  authorize(ctx, "ingest:iac");
  if (input.text.length > MAX_STATE_BYTES) throw new VigilError("payload_too_large", `${input.name}: state files over ${MAX_STATE_BYTES / 1024 / 1024} MiB are not accepted`);
  const state = parseTerraformState(input.text, input.name);
  return withSpan("importTerraformState", { "vigil.iac.resources": state.resources.length }, () =>
    transaction(async (tx) => {
      const existing = await tx.terraformState.findUnique({ where: { lineage: state.lineage } });
      if (existing && existing.serial > state.serial) {
        throw new VigilError("conflict", `${input.name}: serial ${state.serial} is older than the imported serial ${existing.serial} of lineage ${state.lineage}`);
      }
      const data = { name: input.name, serial: state.serial, terraformVersion: state.terraformVersion, resources: state.resources.length, importedBy: ctx.actor.label, importedAt: new Date() };
      const saved = existing
        ? await tx.terraformState.update({ where: { id: existing.id }, data })
        : await tx.terraformState.create({ data: { ...data, lineage: state.lineage } });
      await tx.inventoryResource.deleteMany({ where: { stateId: saved.id } });
      await tx.inventoryResource.createMany({ data: state.resources.map((resource) => ({ ...resource, stateId: saved.id })) });
      await recordAudit(tx, ctx, {
        action: "inventory.import_state",
        target: { type: "terraform_state", id: saved.id },
        summary: { name: input.name, lineage: state.lineage, serial: state.serial, resources: state.resources.length, previousSerial: existing?.serial ?? null },
      });
      return { stateId: saved.id, lineage: state.lineage, serial: state.serial, resources: state.resources.length };
    }),
  );
}
