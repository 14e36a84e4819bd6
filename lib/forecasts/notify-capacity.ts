import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { publicUrl } from "@/lib/env";
import { notify } from "@/lib/notifications/notify";
import { listCapacityWarnings } from "./list-capacity-warnings";
import type { CapacityWarning } from "./schemas";

// The worker's capacity check: each service and environment whose expected rate is forecast past
// the margin is noticed at most once a UTC day (forecast_capacity_notice), through the channels.
// "Possible" warnings (only the upper bound passes) stay on the Forecasts page: too noisy to send.

const rate = (value: number) => Math.round(value).toLocaleString("en-US");

function noticeOf(warning: CapacityWarning, day: string) {
  const where = warning.environment ? ` in ${warning.environment}` : "";
  return {
    key: `forecast-capacity:${warning.service}:${warning.environment}:${day}`,
    state: "firing" as const,
    severity: "ticket" as const,
    title: `Capacity: ${warning.service}${where} forecast past its 30-day high`,
    summary:
      `${warning.service}${where} is expected to pass ${rate(warning.threshold)} requests an hour ` +
      `(${warning.marginPercent}% above its highest hour of the last 30 days, ${rate(warning.highest)}) ` +
      `from ${warning.expectedAt?.slice(0, 16).replace("T", " ")} UTC; the forecast peaks at ${rate(warning.peakExpected)}.`,
    service: warning.service,
    team: null,
    url: `${publicUrl()}/anomalies/forecasts?${new URLSearchParams({ service: warning.service, environment: warning.environment })}`,
    labels: { service: warning.service, environment: warning.environment, kind: "capacity" },
    source: "forecasts" as const,
  };
}

/** Notices every expected capacity warning not yet noticed today; failures are named and retried next run. */
export async function notifyCapacity(
  ctx: Ctx,
  now: Date = new Date(),
  /** Tests pin it; the worker uses the configured one. */
  margin?: number,
): Promise<{ warnings: number; notified: number; failures: string[] }> {
  authorize(ctx, "settings:manage");
  const day = now.toISOString().slice(0, 10);
  const { items } = await listCapacityWarnings(ctx, { margin }, now);
  const expected = items.filter((warning) => warning.level === "expected");
  let notified = 0;
  const failures: string[] = [];
  for (const warning of expected) {
    const key = [warning.service, warning.environment, day];
    const claimed = await pool().query(
      "INSERT INTO forecast_capacity_notice (service, environment, day) VALUES ($1, $2, $3::date) ON CONFLICT DO NOTHING",
      key,
    );
    if (!claimed.rowCount) continue;
    try {
      await notify(ctx, noticeOf(warning, day));
      notified++;
    } catch (err) {
      await pool().query(
        "DELETE FROM forecast_capacity_notice WHERE service = $1 AND environment = $2 AND day = $3::date",
        key,
      );
      failures.push(`${warning.service} ${warning.environment}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { warnings: expected.length, notified, failures };
}
