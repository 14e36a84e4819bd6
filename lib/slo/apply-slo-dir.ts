import { stat, readdir } from "node:fs/promises";
import path from "node:path";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { applySpecPlan, planSpecs, type SpecPlan } from "./apply-specs";
import { readSloDir } from "./specs/read-slo-dir";

// SLOs as code: the folder VIGIL_SLO_DIR (OpenSLO v1 and Sloth YAML files) is applied at start and
// whenever a file in it changes (the worker looks every minute). One bad file never stops the
// others: its findings are named, and the SLOs it held are kept until it reads again.

export interface SloDirRun {
  dir: string | null;
  applied: boolean;
  plan: Pick<SpecPlan, "findings"> & { create: string[]; update: string[]; remove: string[]; unchanged: number };
}

let lastFingerprint: string | null = null;

/** Names, sizes and modification times of the folder's files: what says it changed. */
async function fingerprint(dir: string): Promise<string> {
  try {
    const names = (await readdir(dir)).sort();
    const parts = await Promise.all(
      names.map(async (name) => {
        const s = await stat(path.join(dir, name)).catch(() => null);
        return `${name}:${s?.size ?? "-"}:${s?.mtimeMs ?? "-"}`;
      }),
    );
    return parts.join("|");
  } catch (err) {
    return `unreadable:${(err as Error).message}`;
  }
}

const summary = (plan: SpecPlan): SloDirRun["plan"] => ({
  create: plan.create.map((p) => p.name),
  update: plan.update.map((p) => `${p.name} (${p.fields.join(", ")})`),
  remove: plan.remove.map((r) => r.name),
  unchanged: plan.unchanged.length,
  findings: plan.findings,
});

/** Reads the folder and applies it (or, with `dryRun`, only says what would change). */
export async function applySloDir(
  ctx: Ctx,
  options: { dryRun?: boolean; dir?: string; force?: boolean } = {},
): Promise<SloDirRun> {
  const dir = options.dir ?? env().VIGIL_SLO_DIR ?? null;
  const empty = { create: [], update: [], remove: [], unchanged: 0, findings: [] };
  if (!dir) return { dir: null, applied: false, plan: empty };
  const print = await fingerprint(dir);
  if (!options.dryRun && !options.force && print === lastFingerprint) return { dir, applied: false, plan: empty };
  const plan = await planSpecs(ctx, await readSloDir(dir), { kind: "folder" });
  if (options.dryRun) return { dir, applied: false, plan: summary(plan) };
  await applySpecPlan(ctx, plan, { kind: "folder" });
  lastFingerprint = print;
  return { dir, applied: true, plan: summary(plan) };
}
