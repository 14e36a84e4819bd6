import { pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { FINDING_COLUMNS, type FindingRow, type FindingView, toFindingView } from "@/lib/policy/finding-records";

// One policy finding as the API shows it (lib/policy lists findings a page at a time and has no
// single read; this is that read, with the policy domain's own columns and view).

export async function loadPolicyFinding(id: string): Promise<FindingView> {
  const { rows } = await pool().query<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM policy_finding f WHERE f.id = $1`, [
    id,
  ]);
  if (!rows[0]) throw new VigilError("not_found", `subject: no policy finding ${id}`, { field: "subject" });
  return toFindingView(rows[0]);
}
