import { z } from "zod";
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { blankAsUnset, cursor, pageLimit, parseInput, text } from "@/lib/validation";
import { freshStatus } from "./get-slo";
import type { StoredStatus } from "./record-evaluation";
import { SLO_COLUMNS, type SloRecord, type SloRow, toSloRecord } from "./slo-records";

// SLOs by name, a page at a time, each with its status at a glance (the same stored evaluation the
// SLO's own page shows, so the two never disagree).

const decodeName = (value: string) => {
  const name = Buffer.from(value, "base64url").toString("utf8");
  return /^[a-z0-9-]{1,63}$/.test(name) ? name : null;
};

const ListSlosInput = z.object({
  service: z.preprocess(blankAsUnset, text(200, 1).optional()),
  limit: pageLimit(),
  cursor: z.preprocess(blankAsUnset, cursor(decodeName).optional()),
});

export interface SloListItem extends SloRecord {
  evaluatedAt: string;
  status: StoredStatus;
}

export async function listSlos(
  ctx: Ctx,
  input: z.input<typeof ListSlosInput>,
  now = new Date(),
): Promise<{ items: SloListItem[]; nextCursor: string | null }> {
  authorize(ctx, "read");
  const q = parseInput(ListSlosInput, input);
  const { rows } = await pool().query<SloRow>(
    `SELECT ${SLO_COLUMNS} FROM slo s WHERE ($1::text IS NULL OR s.service = $1)
        AND ($2::text IS NULL OR s.name > $2) ORDER BY s.name LIMIT $3`,
    [q.service ?? null, q.cursor ?? null, q.limit + 1],
  );
  const page = rows.slice(0, q.limit);
  const items: SloListItem[] = [];
  for (const row of page) {
    const { evaluatedAt, status } = await freshStatus(row, now);
    items.push({ ...toSloRecord(row), evaluatedAt: evaluatedAt.toISOString(), status });
  }
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > q.limit && last ? Buffer.from(last.name).toString("base64url") : null,
  };
}
