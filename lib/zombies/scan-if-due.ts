import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { type ScanResult, scanZombies } from "./scan-zombies";

// The worker asks every minute; a scan runs when an import that can change findings landed since
// the last one (a billing file once allocated, a Terraform state, an AWS CLI output, new settings),
// so a finding appears within a minute of its evidence, and at least hourly for what time alone
// changes (days without traffic, metrics, snoozes ending).

export const FULL_SCAN_MINUTES = 60;

const WATERMARK = `SELECT greatest(
    (SELECT max(coalesce(allocated_at, created_at)) FROM billing_import),
    (SELECT max(imported_at) FROM terraform_state),
    (SELECT max(imported_at) FROM cloud_inventory_import),
    (SELECT max(updated_at) FROM zombie_settings)) AS watermark`;

async function watermarkNow(): Promise<Date | null> {
  return (await pool().query<{ watermark: Date | null }>(WATERMARK)).rows[0]?.watermark ?? null;
}

async function scanAndRecord(ctx: Ctx, now: Date, watermark: Date | null): Promise<ScanResult> {
  const result = await scanZombies(ctx, now);
  await pool().query(
    `INSERT INTO zombie_scan (id, scanned_at, watermark, result) VALUES (1, $1, $2, $3::jsonb)
     ON CONFLICT (id) DO UPDATE SET scanned_at = excluded.scanned_at, watermark = excluded.watermark, result = excluded.result`,
    [now, watermark, JSON.stringify(result)],
  );
  return result;
}

export async function scanIfDue(ctx: Ctx, now = new Date()): Promise<ScanResult | { skipped: string }> {
  const [watermark, { rows: last }] = await Promise.all([
    watermarkNow(),
    pool().query<{ scanned_at: Date; watermark: Date | null }>(
      "SELECT scanned_at, watermark FROM zombie_scan WHERE id = 1",
    ),
  ]);
  const previous = last[0];
  const stale = !previous || now.getTime() - previous.scanned_at.getTime() >= FULL_SCAN_MINUTES * 60_000;
  const newer = watermark !== null && (!previous?.watermark || watermark > previous.watermark);
  if (!stale && !newer) return { skipped: "no import since the last scan, which is under an hour old" };
  return scanAndRecord(ctx, now, watermark);
}

/** "Scan now" on the Zombies page (FinOps): the same scan, at once. */
export async function scanZombiesNow(ctx: Ctx): Promise<ScanResult> {
  authorize(ctx, "costs:manage");
  return scanAndRecord(ctx, new Date(), await watermarkNow());
}

/** When the last scan ran and what it found, for the Zombies page. */
export async function getLastScan(ctx: Ctx): Promise<{ scannedAt: string; result: unknown } | null> {
  authorize(ctx, "read");
  const { rows } = await pool().query<{ scanned_at: Date; result: unknown }>(
    "SELECT scanned_at, result FROM zombie_scan WHERE id = 1",
  );
  return rows[0] ? { scannedAt: rows[0].scanned_at.toISOString(), result: rows[0].result } : null;
}
