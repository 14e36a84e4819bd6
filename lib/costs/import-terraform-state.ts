import { z } from "zod";
import { parseTerraformState } from "@/collectors/iac/terraform-state";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { transaction } from "../db";
import { VigilError } from "../errors";
import { withSpan } from "../telemetry";
import { parseInput } from "../validation";

export interface ImportStateResult {
  stateId: string;
  lineage: string;
  serial: number;
  /** Managed resource instances now in the inventory for this state. */
  resources: number;
}

export const MAX_STATE_BYTES = 256 * 1024 * 1024;

const ImportStateInput = z.object({
  name: z
    .string()
    .min(1)
    .max(500)
    .refine((name) => !name.includes("\0"), "contains a NUL character"),
});

/** The state's text, read under the cap: a larger body is refused without being held. */
async function stateText(name: string, body: string | AsyncIterable<Uint8Array>): Promise<string> {
  const tooLarge = () =>
    new VigilError(
      "payload_too_large",
      `${name}: state files over ${MAX_STATE_BYTES / 1024 / 1024} MiB are not accepted`,
      { file: name, limitBytes: MAX_STATE_BYTES },
    );
  if (typeof body === "string") {
    if (body.length > MAX_STATE_BYTES) throw tooLarge();
    return body;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > MAX_STATE_BYTES) throw tooLarge();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Puts a Terraform state's managed resources into the inventory. A state is known by its lineage:
 * importing it again replaces its resources, unless the file is older (a lower serial) than what
 * was imported, which is refused so an old file can not roll the inventory back. The state comes
 * as text or as a request body, read only once the caller may import states.
 */
export async function importTerraformState(
  ctx: Ctx,
  input: { name: string; text: string | AsyncIterable<Uint8Array> },
): Promise<ImportStateResult> {
  authorize(ctx, "ingest:iac");
  const { name } = parseInput(ImportStateInput, { name: input.name });
  const state = parseTerraformState(await stateText(name, input.text), name);
  return withSpan("importTerraformState", { "vigil.iac.resources": state.resources.length }, () =>
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
        data: state.resources.map((resource) => ({ ...resource, stateId: saved.id })),
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
}
