import type pg from "pg";
import { VigilError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";

// A runbook as stored and as shown: secret header values never leave this module other than
// sealed, and a view says only that they are set.

export interface StoredHeader {
  name: string;
  value: string;
}
export interface SealedHeader {
  name: string;
  box: string;
}

export interface RunbookRow {
  id: string;
  name: string;
  description: string;
  method: "POST" | "PUT";
  url: string;
  headers: StoredHeader[];
  secret_headers: SealedHeader[];
  body_template: string;
  series: string[];
  slo_alerts: boolean;
  services: string[];
  environments: string[];
  auto_run: boolean;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export const RUNBOOK_SELECT = `SELECT id, name, description, method, url, headers, secret_headers, body_template, series,
  slo_alerts, services, environments, auto_run, version, created_by, created_at, updated_by, updated_at FROM runbook`;

export function toRunbookView(row: RunbookRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    method: row.method,
    url: row.url,
    headers: [
      ...row.headers.map((header) => ({ name: header.name, secret: false, value: header.value })),
      ...row.secret_headers.map((header) => ({ name: header.name, secret: true, value: "set" })),
    ],
    bodyTemplate: row.body_template,
    series: row.series,
    sloAlerts: row.slo_alerts,
    services: row.services,
    environments: row.environments,
    autoRun: row.auto_run,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
  };
}
export type RunbookView = ReturnType<typeof toRunbookView>;

/** What the audit trail keeps of a runbook: everything but secret values (their names only). */
export function auditedRunbook(view: RunbookView) {
  const { headers, createdAt: _c, updatedAt: _u, createdBy: _b, updatedBy: _w, ...rest } = view;
  return {
    ...rest,
    headers: headers.map((header) => (header.secret ? { name: header.name, secret: true } : header)),
  };
}

/** The runbook, locked for update when `lock`; a 404 for an id that names none. */
export async function runbookById(client: pg.ClientBase, id: string, lock = false): Promise<RunbookRow> {
  if (!isUuid(id)) throw new VigilError("not_found", "No such runbook");
  const { rows } = await client.query<RunbookRow>(`${RUNBOOK_SELECT} WHERE id = $1${lock ? " FOR UPDATE" : ""}`, [id]);
  if (!rows[0]) throw new VigilError("not_found", "No such runbook");
  return rows[0];
}
