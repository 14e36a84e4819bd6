import fs from "node:fs";
import path from "node:path";
import type { Ctx } from "@/lib/context";
import type { DropResult } from "@/lib/costs/drop-folder";
import { BILLING_FORMATS, type BillingFormat } from "@/lib/costs/schemas";
import { billingDropDir } from "@/lib/env";
import { VigilError } from "@/lib/errors";
import { importBillingFile } from "./import-billing-file";

// The watched folder for scheduled drops (an S3 sync, an SFTP job): <drop>/<format>/<file>. A file
// is taken once it has not changed for a while, imported, then moved to <drop>/imported/ or, with
// its error beside it, to <drop>/failed/. Azure amortized exports go to azure-amortized/.

const SETTLED_MS = 10_000;
const FOLDERS: Record<string, { format: BillingFormat; dataset?: "actual" | "amortized" }> = {
  ...Object.fromEntries(BILLING_FORMATS.map((format) => [format, { format }])),
  "azure-amortized": { format: "azure", dataset: "amortized" },
};

/** Imports the settled files of every format folder; the worker runs it through the import-billing-drops job. */
export async function importDrops(ctx: Ctx, dir = billingDropDir(), now = Date.now()): Promise<DropResult> {
  const result: DropResult = { imported: [], failed: [] };
  for (const folder of Object.keys(FOLDERS)) fs.mkdirSync(path.join(dir, folder), { recursive: true });
  for (const [folder, { format, dataset }] of Object.entries(FOLDERS)) {
    for (const name of fs.readdirSync(path.join(dir, folder)).sort()) {
      const file = path.join(dir, folder, name);
      const stat = fs.statSync(file);
      if (name.startsWith(".") || !stat.isFile() || now - stat.mtimeMs < SETTLED_MS) continue;
      try {
        await importBillingFile(
          ctx,
          { format, dataset, fileName: `${folder}/${name}`, via: "watch" },
          fs.createReadStream(file),
        );
        moveTo(dir, "imported", file, name);
        result.imported.push(`${folder}/${name}`);
      } catch (err) {
        const target = moveTo(dir, "failed", file, name);
        fs.writeFileSync(
          `${target}.error.txt`,
          `${err instanceof VigilError ? err.message : "internal error (see the worker log)"}\n`,
        );
        if (!(err instanceof VigilError)) console.error(`billing drop ${folder}/${name} failed`, err);
        result.failed.push(`${folder}/${name}`);
      }
    }
  }
  return result;
}

/** Moves a processed file aside, stamped so a later file of the same name does not overwrite it. */
function moveTo(dir: string, outcome: "imported" | "failed", file: string, name: string): string {
  const target = path.join(dir, outcome, `${new Date().toISOString().replace(/[:.]/g, "-")}-${name}`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(file, target);
  return target;
}
