import http from "node:http";
import type { AddressInfo } from "node:net";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { createSlo } from "@/lib/slo/create-slo";
import type { CreateRunbookInput } from "@/lib/runbooks/schemas";
import { uniqueName } from "./factories";

// Data for the runbook tests: anomalies of a service of their own, a runbook that answers them,
// the audit entries of one target, and endpoints that never answer or are not there.

export const SECRET = "Bearer tok-9f8e7d6c5b4a-very-secret";
export const TEMPLATE =
  '{"service": "{{service}}", "env": "{{environment}}", "score": {{score}}, "anomaly": "{{url}}"}';

export async function insertAnomaly(service: string, environment: string, series = "errors"): Promise<string> {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO anomaly (service, series, environment, step_ms, started_at, peak_at, direction, severity, peak_score,
       observed, expected) VALUES ($1, $2, $3, 300000, now() - interval '10 minutes', now() - interval '5 minutes',
       'up', 'critical', 9.04, 0.2, 0.01) RETURNING id`,
    [service, series, environment],
  );
  return rows[0].id;
}

export function runbookInput(url: string, overrides: Partial<CreateRunbookInput> = {}): CreateRunbookInput {
  return {
    name: uniqueName("rollback"),
    description: "Rolls the service back to its last release",
    method: "POST",
    url,
    headers: [
      { name: "Authorization", value: SECRET, secret: true },
      { name: "X-Team", value: "payments" },
    ],
    bodyTemplate: TEMPLATE,
    series: ["errors"],
    // A service of its own: a runbook for every service would answer other tests' anomalies.
    services: [uniqueName("svc")],
    ...overrides,
  };
}

export async function auditOf(targetType: string, targetId: string) {
  const { rows } = await pool().query<{ action: string; actor_label: string; summary: string; reason: string | null }>(
    "SELECT action, actor_label, summary::text AS summary, reason FROM audit_entry WHERE target_type = $1 AND target_id = $2 ORDER BY seq",
    [targetType, targetId],
  );
  return rows;
}

/** A server that accepts connections and never answers them. */
export async function silentServer() {
  const server = http.createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slow`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A local URL nothing listens on: a port taken from a server just closed. */
export async function closedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/gone`;
}

/** An SLO of the service (in the environment, when given) with one page alert that fired 5 minutes ago. */
export async function insertSloAlert(service: string, environment?: string) {
  const slo = await createSlo(systemCtx("test"), {
    name: uniqueName("slo").toLowerCase(),
    service,
    ...(environment === undefined ? {} : { environment }),
    sli: { type: "availability" },
    objectivePercent: 99.5,
    window: "30d",
  });
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO slo_alert (slo_id, severity, pending_at, fired_at, burns, windows)
     VALUES ($1, 'page', now() - interval '7 minutes', now() - interval '5 minutes', $2, $3) RETURNING id::text`,
    [slo.id, { "5m": 20.5, "1h": 15.2 }, JSON.stringify([{ short: "5m", long: "1h", factor: 14.4 }])],
  );
  return { sloId: slo.id, sloName: slo.definition.name, alertId: rows[0].id };
}
