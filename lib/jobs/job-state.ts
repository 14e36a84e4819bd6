import { pool } from "../db";

// Each job's last start, success and failure in job_state, written by the worker around every
// run (lib/jobs/run-worker.ts) and read by Settings and /api/health (lib/jobs/job-status.ts).

const MAX_ERROR_CHARS = 2000;
const MAX_DETAIL_CHARS = 16_000;

/** A job's result or failure detail as JSON, or a note that it was too large to keep. */
function detailJson(detail: unknown): string | null {
  if (detail === undefined || detail === null) return null;
  const json = JSON.stringify(detail, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
  if (json === undefined) return null;
  return json.length <= MAX_DETAIL_CHARS ? json : JSON.stringify({ truncated: true, chars: json.length });
}

export async function recordJobStart(name: string): Promise<void> {
  await pool().query(
    `INSERT INTO job_state (name, last_started_at) VALUES ($1, now())
     ON CONFLICT (name) DO UPDATE SET last_started_at = now()`,
    [name],
  );
}

export async function recordJobSuccess(name: string, detail: unknown): Promise<void> {
  await pool().query(
    `INSERT INTO job_state (name, last_success_at, consecutive_failures, detail) VALUES ($1, now(), 0, $2)
     ON CONFLICT (name) DO UPDATE SET last_success_at = now(), consecutive_failures = 0, detail = EXCLUDED.detail`,
    [name, detailJson(detail)],
  );
}

/** Records a failed run; returns how many runs in a row have now failed. */
export async function recordJobFailure(name: string, error: string, detail: unknown): Promise<number> {
  const { rows } = await pool().query<{ failures: number }>(
    `INSERT INTO job_state (name, last_error_at, last_error, consecutive_failures, detail) VALUES ($1, now(), $2, 1, $3)
     ON CONFLICT (name) DO UPDATE SET last_error_at = now(), last_error = EXCLUDED.last_error,
       consecutive_failures = job_state.consecutive_failures + 1, detail = EXCLUDED.detail
     RETURNING consecutive_failures AS failures`,
    [name, error.slice(0, MAX_ERROR_CHARS), detailJson(detail)],
  );
  return rows[0].failures;
}
