import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import type { SilenceView } from "./schemas";
import { type SilenceRow, toSilenceView } from "./silence-rows";

const RECENT_ENDED_DAYS = 7;
const MAX_SILENCES = 200;

/** Active silences first (soonest to end first), then those ended in the last week. */
export async function listSilences(ctx: Ctx): Promise<SilenceView[]> {
  authorize(ctx, "read");
  const { rows } = await pool().query<SilenceRow>(
    `SELECT * FROM notification_silence
     WHERE expired_at IS NULL AND ends_at > now() - interval '${RECENT_ENDED_DAYS} days'
        OR expired_at > now() - interval '${RECENT_ENDED_DAYS} days'
     ORDER BY (expired_at IS NULL AND ends_at > now()) DESC, ends_at LIMIT ${MAX_SILENCES}`,
  );
  return rows.map((row) => toSilenceView(row));
}
