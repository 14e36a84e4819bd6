import { authorize, type Ctx } from "@/lib/context";
import { applySpecPlan, planSpecs, type SpecPlan } from "./apply-specs";
import { parseSpecs } from "./specs/parse-specs";

// POST /api/v1/slos/import: an OpenSLO or Sloth file. A spec that does not parse or validate is a
// 400 naming the line and field of each finding, and nothing is applied; a dry run answers the
// plan without applying it.

export type ImportResult =
  | { applied: boolean; plan: SpecPlan; refused: null }
  | { applied: false; plan: SpecPlan; refused: { message: string; field: string | null } };

export async function importSpecs(
  ctx: Ctx,
  input: { fileName: string; text: string; dryRun: boolean },
): Promise<ImportResult> {
  authorize(ctx, "services:manage");
  const plan = await planSpecs(ctx, parseSpecs(input.fileName, input.text), { kind: "import" });
  const errors = plan.findings.filter((f) => f.severity === "error");
  const found = plan.create.length + plan.update.length + plan.unchanged.length;
  if (!errors.length && !found)
    return {
      applied: false,
      plan,
      refused: { message: `${input.fileName}: holds no OpenSLO SLO or Sloth spec`, field: "(body)" },
    };
  if (errors.length) {
    const [first] = errors;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    const at = `${first.file} line ${first.line}${first.field ? `, ${first.field}` : ""}`;
    return { applied: false, plan, refused: { message: `${at}: ${first.message}${more}`, field: first.field || null } };
  }
  if (!input.dryRun) await applySpecPlan(ctx, plan, { kind: "import" });
  return { applied: !input.dryRun, plan, refused: null };
}
