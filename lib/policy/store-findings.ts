import type pg from "pg";
import type { FindingRecord } from "./finding-records";
import { jsonbText } from "./json-safe";

// Writes one source's findings (a state's evaluation or a scanner's report): new ones open, ones
// seen again are refreshed (a resolved one reopens; a waiver stays), and the source's findings
// not seen this time are resolved. Each change is an event, so a finding keeps its history.

const CHUNK = 5_000;
const RECORD = `x(tool text, "ruleId" text, title text, severity text, address text, "resourceType" text, environment text,
  file text, "lineStart" integer, "lineEnd" integer, message text, remediation text, controls jsonb, evidence jsonb)`;

// PostgreSQL 18's RETURNING old.* tells a reopened finding from a refreshed one in one statement.
const UPSERT = `INSERT INTO policy_finding AS f (source_key, source, tool, rule_id, title, severity, address, resource_type,
    environment, file, line_start, line_end, message, remediation, controls, evidence, first_seen_at, last_seen_at)
  SELECT $2, $3, tool, "ruleId", title, severity, address, "resourceType", environment, file, "lineStart", "lineEnd",
    message, remediation, controls, evidence, $4, $4
  FROM jsonb_to_recordset($1::jsonb) AS ${RECORD}
  ON CONFLICT (source_key, rule_id, address) DO UPDATE SET source = excluded.source, title = excluded.title,
    severity = excluded.severity, resource_type = excluded.resource_type, environment = excluded.environment,
    file = excluded.file, line_start = excluded.line_start, line_end = excluded.line_end, message = excluded.message,
    remediation = excluded.remediation, controls = excluded.controls, evidence = excluded.evidence, last_seen_at = $4,
    status = CASE WHEN f.status = 'resolved' THEN 'open' ELSE f.status END, resolved_at = NULL
  RETURNING f.id, old.id IS NULL AS inserted, old.status AS was`;

const RESOLVE = `UPDATE policy_finding SET status = 'resolved', resolved_at = $2
  WHERE source_key = $1 AND status <> 'resolved' AND NOT (id = ANY($3::uuid[])) RETURNING id`;

const EVENTS = `INSERT INTO policy_finding_event (finding_id, at, actor, action)
  SELECT id, $2, $3, $4 FROM unnest($1::uuid[]) AS id`;

export interface SyncResult {
  opened: number;
  reopened: number;
  resolved: number;
  findings: number;
}

export async function syncFindings(
  client: pg.ClientBase,
  source: { key: string; name: string; actor: string; now: Date },
  findings: readonly FindingRecord[],
): Promise<SyncResult> {
  const { key, name, actor, now } = source;
  const event = async (ids: string[], action: string) => {
    if (ids.length) await client.query(EVENTS, [ids, now, actor, action]);
  };
  // One finding per rule and address: a report naming one twice keeps the last.
  const unique = [
    ...new Map(findings.map((finding) => [`${finding.ruleId}\u0000${finding.address}`, finding])).values(),
  ];
  const result: SyncResult = { opened: 0, reopened: 0, resolved: 0, findings: unique.length };
  const seen: string[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const { rows } = await client.query<{ id: string; inserted: boolean; was: string | null }>(UPSERT, [
      jsonbText(unique.slice(i, i + CHUNK)),
      key,
      name,
      now,
    ]);
    seen.push(...rows.map((row) => row.id));
    const opened = rows.filter((row) => row.inserted).map((row) => row.id);
    const reopened = rows.filter((row) => row.was === "resolved").map((row) => row.id);
    await event(opened, "found");
    await event(reopened, "reopened");
    result.opened += opened.length;
    result.reopened += reopened.length;
  }
  const resolved = await client.query<{ id: string }>(RESOLVE, [key, now, seen]);
  await event(
    resolved.rows.map((row) => row.id),
    "resolved",
  );
  result.resolved = resolved.rowCount ?? 0;
  return result;
}
