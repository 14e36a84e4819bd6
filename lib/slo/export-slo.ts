import { z } from "zod";
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { blankAsUnset, oneOf, parseInput } from "@/lib/validation";
import { sloId } from "./slo-records";
import type { SloDefinition } from "./schemas";
import { toOpenSlo } from "./specs/export-openslo";
import { toSloth } from "./specs/export-sloth";

const Format = z.object({ format: z.preprocess(blankAsUnset, oneOf(["openslo", "sloth"]).default("openslo")) });

/** An SLO as an OpenSLO v1 or Sloth document, with the file name to save it as. */
export async function exportSlo(ctx: Ctx, id: string, format: string | undefined) {
  authorize(ctx, "read");
  const { format: kind } = parseInput(Format, { format });
  const { rows } = await pool().query<{ definition: SloDefinition }>("SELECT definition FROM slo WHERE id = $1", [
    sloId(id),
  ]);
  if (!rows[0]) throw new VigilError("not_found", "No such SLO");
  const slo = rows[0].definition;
  return kind === "sloth"
    ? { yaml: toSloth(slo), fileName: `${slo.name}.sloth.yaml` }
    : { yaml: toOpenSlo(slo), fileName: `${slo.name}.openslo.yaml` };
}
