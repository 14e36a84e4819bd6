import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { computeEvaluation, evaluationTime } from "./compute-evaluation";
import { recordEvaluations, type StoredStatus } from "./record-evaluation";
import { SLO_COLUMNS, sloId, type SloRecord, type SloRow, toSloRecord } from "./slo-records";

// One SLO with its status, at most a minute old: the worker evaluates every minute, and a status
// older than that (a new SLO, a worker behind) is evaluated on the spot.

const FRESH_MS = 60_000;
const HISTORY = 50;

export interface AlertHistoryEntry {
  id: string;
  severity: "page" | "ticket";
  pendingAt: string;
  firedAt: string;
  resolvedAt: string | null;
  burns: Record<string, number | null>;
  windows: { short: string; long: string; factor: number }[];
}

/** The API's view of an SLO: the fields at the top, the whole evaluation beside them. */
export interface SloDetail extends SloRecord {
  objective: number;
  window: string;
  sli: SloRow["definition"]["sli"];
  errorBudgetRemaining: number | null;
  burnRates: StoredStatus["burnRates"];
  /** At the current (5m) burn: how long the budget left lasts, and when it runs out; null if never. */
  timeToExhaustion: { ms: number; exhaustedAt: string } | null;
  alerts: StoredStatus["alerts"];
  status: StoredStatus["status"];
  evaluatedAt: string;
  evaluation: StoredStatus;
  history: AlertHistoryEntry[];
}

async function storedStatus(id: string) {
  const { rows } = await pool().query<{ evaluated_at: Date; evaluation: StoredStatus }>(
    "SELECT evaluated_at, evaluation FROM slo_status WHERE slo_id = $1",
    [id],
  );
  return rows[0] ? { evaluatedAt: rows[0].evaluated_at, status: rows[0].evaluation } : null;
}

/** The stored status if fresh, else a new evaluation (stored; the alerts are the worker's to move). */
export async function freshStatus(row: { id: string; definition: SloRow["definition"] }, now: Date) {
  const known = await storedStatus(row.id);
  if (known && now.getTime() - known.evaluatedAt.getTime() <= FRESH_MS) return known;
  const evaluation = await computeEvaluation(row.definition, await evaluationTime(now));
  const { stored } = await recordEvaluations([{ slo: row, evaluation }], now, false);
  const mine = stored.get(row.id);
  if (mine) return { evaluatedAt: now, status: mine };
  // The worker stored a newer evaluation meanwhile: that one.
  const newer = await storedStatus(row.id);
  if (!newer) throw new VigilError("not_found", "No such SLO");
  return newer;
}

function exhaustion(status: StoredStatus): SloDetail["timeToExhaustion"] {
  const ms = status.timeToExhaustionMs;
  if (ms === null) return null;
  return { ms, exhaustedAt: new Date(Date.parse(status.dataUntil) + ms).toISOString() };
}

export async function getSlo(ctx: Ctx, id: string, now = new Date()): Promise<SloDetail> {
  authorize(ctx, "read");
  const { rows } = await pool().query<SloRow>(`SELECT ${SLO_COLUMNS} FROM slo s WHERE s.id = $1`, [sloId(id)]);
  if (!rows[0]) throw new VigilError("not_found", "No such SLO");
  const { evaluatedAt, status } = await freshStatus(rows[0], now);
  const history = await pool().query<{
    id: string;
    severity: "page" | "ticket";
    pending_at: Date;
    fired_at: Date;
    resolved_at: Date | null;
    burns: AlertHistoryEntry["burns"];
    windows: AlertHistoryEntry["windows"];
  }>(
    `SELECT id::text, severity, pending_at, fired_at, resolved_at, burns, windows FROM slo_alert
      WHERE slo_id = $1 ORDER BY fired_at DESC, id DESC LIMIT ${HISTORY}`,
    [rows[0].id],
  );
  const record = toSloRecord(rows[0]);
  return {
    ...record,
    // 99.9 / 100 is 0.9990000000000001 in binary floating point: say 0.999.
    objective: Number((record.definition.objectivePercent / 100).toPrecision(12)),
    window: record.definition.window,
    sli: record.definition.sli,
    errorBudgetRemaining: status.errorBudgetRemaining,
    burnRates: status.burnRates,
    timeToExhaustion: exhaustion(status),
    alerts: status.alerts,
    status: status.status,
    evaluatedAt: evaluatedAt.toISOString(),
    evaluation: status,
    history: history.rows.map((h) => ({
      id: h.id,
      severity: h.severity,
      pendingAt: h.pending_at.toISOString(),
      firedAt: h.fired_at.toISOString(),
      resolvedAt: h.resolved_at?.toISOString() ?? null,
      burns: h.burns,
      windows: h.windows,
    })),
  };
}
