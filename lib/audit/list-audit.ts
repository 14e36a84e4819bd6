import type { Prisma } from "@prisma/client";
import { stringify } from "csv-stringify/sync";
import { authorize, type Ctx } from "../context";
import { db, transaction } from "../db";
import { recordAudit } from "./record-audit";
import { parseInput } from "../validation";
import { AuditFilter, type AuditRow, ListAuditInput } from "./schemas";

export interface AuditPage {
  items: AuditRow[];
  /** Pass as `before` for the next (older) page. */
  nextBefore: string | null;
}

function whereOf(filter: AuditFilter): Prisma.AuditEntryWhereInput {
  const where: Prisma.AuditEntryWhereInput = {};
  if (filter.actor) where.actorLabel = filter.actor;
  if (filter.action) where.action = filter.action.endsWith(".") ? { startsWith: filter.action } : filter.action;
  if (filter.target) {
    const [type, ...rest] = filter.target.split(":");
    where.targetType = type;
    if (rest.length > 0) where.targetId = rest.join(":");
  }
  if (filter.from || filter.to)
    where.at = {
      gte: filter.from ? new Date(filter.from) : undefined,
      lt: filter.to ? new Date(filter.to) : undefined,
    };
  return where;
}

type Entry = Awaited<ReturnType<ReturnType<typeof db>["auditEntry"]["findMany"]>>[number];

function toRow(entry: Entry): AuditRow {
  const { seq, at, actorId: _actorId, prevHash: _prevHash, ...content } = entry;
  return { ...content, seq: seq.toString(), at: at.toISOString() };
}

/** Newest first, paged by sequence number. */
export async function listAudit(ctx: Ctx, input: ListAuditInput = {}): Promise<AuditPage> {
  authorize(ctx, "audit:read");
  const { limit, before, ...filter } = parseInput(ListAuditInput, input);
  const where = whereOf(filter);
  if (before !== undefined) where.seq = { lt: before };
  const rows = await db().auditEntry.findMany({ where, orderBy: { seq: "desc" }, take: limit + 1 });
  const items = rows.slice(0, limit).map(toRow);
  return { items, nextBefore: rows.length > limit ? items[items.length - 1].seq : null };
}

const CSV_COLUMNS = [
  "seq",
  "at",
  "actorKind",
  "actorLabel",
  "role",
  "action",
  "targetType",
  "targetId",
  "summary",
  "reason",
  "requestId",
  "sourceIp",
  "hash",
] as const;
const CSV_BATCH = 1_000;
// OWASP CSV injection: a cell a spreadsheet would read as a formula gets a leading ' and quotes.
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const CSV_OPTIONS = { escape_formulas: true, quoted_match: FORMULA_START };

/** The filtered trail as CSV, oldest first, produced in batches so a long trail never sits in memory. */
export async function* exportAuditCsv(ctx: Ctx, input: AuditFilter): AsyncGenerator<string> {
  authorize(ctx, "audit:read");
  const filter = parseInput(AuditFilter, input);
  await transaction((tx) =>
    recordAudit(tx, ctx, { action: "audit.export", target: { type: "audit", id: "csv" }, summary: { filter } }),
  );
  yield stringify([CSV_COLUMNS as unknown as string[]], CSV_OPTIONS);
  let after = 0n;
  for (;;) {
    const rows = await db().auditEntry.findMany({
      where: { ...whereOf(filter), seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: CSV_BATCH,
    });
    if (rows.length === 0) return;
    const cells = rows
      .map(toRow)
      .map((row) =>
        CSV_COLUMNS.map((column) => (column === "summary" ? JSON.stringify(row.summary) : (row[column] ?? ""))),
      );
    yield stringify(cells, CSV_OPTIONS);
    after = rows[rows.length - 1].seq;
  }
}
