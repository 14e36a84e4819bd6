import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { parseInput } from "@/lib/validation";
import { PROPOSAL_COLUMNS, type ProposalRow, toListItem } from "./proposal-records";
import { encodeCursor, ListProposalsInput } from "./schemas";
import type { ProposalListItem } from "./types";

/** Proposals, newest first, filtered by kind, status, source or subject; keyset-paged. */
export async function listProposals(
  ctx: Ctx,
  input: ListProposalsInput = {},
): Promise<{ items: ProposalListItem[]; nextCursor: string | null }> {
  authorize(ctx, "read");
  const filter = parseInput(ListProposalsInput, input);
  const { rows } = await pool().query<ProposalRow>(
    `SELECT ${PROPOSAL_COLUMNS} FROM agent_proposal p
     WHERE ($1::text IS NULL OR p.kind = $1) AND ($2::text IS NULL OR p.status = $2)
       AND ($3::text IS NULL OR p.source = $3) AND ($4::text IS NULL OR p.subject = $4)
       AND ($5::timestamptz IS NULL OR (p.created_at, p.id) < ($5::timestamptz, $6::uuid))
     ORDER BY p.created_at DESC, p.id DESC LIMIT $7`,
    [
      filter.kind ?? null,
      filter.status ?? null,
      filter.source ?? null,
      filter.subject ?? null,
      filter.cursor?.createdAt ?? null,
      filter.cursor?.id ?? null,
      filter.limit + 1,
    ],
  );
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > filter.limit && last ? encodeCursor({ createdAt: last.created_us, id: last.id }) : null;
  return { items: page.map(toListItem), nextCursor };
}
