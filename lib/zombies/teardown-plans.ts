import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { VigilError } from "../errors";
import { isUuid, pageLimit, parseInput } from "../validation";
import { nextOffsetCursor, OffsetCursor } from "./schemas";

// Teardown plans, newest first, and one plan's text to download. Vigil never applies them: a
// person reviews the patch or script and runs it through their own pipeline.

const ListPlansInput = z.object({
  limit: pageLimit(),
  cursor: OffsetCursor,
});

interface PlanRow {
  id: string;
  finding_id: string;
  kind: "terraform" | "aws-cli";
  file_name: string;
  check_command: string;
  created_by: string;
  created_at: Date;
  resource_id: string;
  rule: string;
  status: string;
}

export async function listTeardownPlans(ctx: Ctx, input: z.input<typeof ListPlansInput>) {
  authorize(ctx, "read");
  const q = parseInput(ListPlansInput, input);
  const offset = q.cursor ?? 0;
  const { rows } = await pool().query<PlanRow>(
    `SELECT p.id, p.finding_id, p.kind, p.file_name, p.check_command, p.created_by, p.created_at,
       f.resource_id, f.rule, f.status
     FROM teardown_plan p JOIN zombie_finding f ON f.id = p.finding_id
     ORDER BY p.created_at DESC, p.id LIMIT ${q.limit + 1} OFFSET ${offset}`,
  );
  return {
    items: rows.slice(0, q.limit).map((p) => ({
      id: p.id,
      findingId: p.finding_id,
      kind: p.kind,
      fileName: p.file_name,
      checkCommand: p.check_command,
      createdBy: p.created_by,
      createdAt: p.created_at.toISOString(),
      resourceId: p.resource_id,
      rule: p.rule,
      status: p.status,
    })),
    nextCursor: nextOffsetCursor(offset, q.limit, rows.length > q.limit),
  };
}

/** The plan's file: its name and text, for a download. */
export async function getTeardownPlan(ctx: Ctx, id: string): Promise<{ fileName: string; content: string }> {
  authorize(ctx, "read");
  const { rows } = isUuid(id)
    ? await pool().query<{ file_name: string; content: string }>(
        "SELECT file_name, content FROM teardown_plan WHERE id = $1",
        [id],
      )
    : { rows: [] };
  if (!rows[0]) throw new VigilError("not_found", `no teardown plan ${id}`, { field: "id" });
  return { fileName: rows[0].file_name, content: rows[0].content };
}
