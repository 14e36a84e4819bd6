// The incident→deployment link, decided on read in SQL with the pure rule's semantics
// (link-incidents.ts): a person's decision wins (a deployment, or none); otherwise the last live row of a successful production
// deployment of the incident's service that finished strictly before the incident was created,
// ties to the greater deployment key. Reading it (not storing it) keeps late deployments honest.
import type { Incident, IncidentStatus, LinkReason } from "@/lib/delivery/schemas";
import type { IncidentLink } from "@/lib/delivery/link-incidents";

/** Columns of an incident with its link; use after `FROM delivery_incident i`. */
export const LINKED_INCIDENT_COLUMNS = `i.id::text, i.source, i.external_key, i.service, i.team, i.title, i.status,
  i.severity, i.url, i.created_at, i.resolved_at, i.manual_link_by, i.manual_link_at,
  COALESCE(i.manual_deployment_id, live.deployment_id)::text AS linked_deployment_id,
  CASE WHEN i.manual_deployment_id IS NOT NULL THEN md.source || ':' || md.external_id ELSE live.deployment_key END
    AS linked_deployment_key,
  live.finished_at AS live_finished_at`;

/** Joins that LINKED_INCIDENT_COLUMNS reads; put right after `FROM delivery_incident i`. */
export const LINK_JOINS = `LEFT JOIN delivery_deployment md ON md.id = i.manual_deployment_id
  LEFT JOIN LATERAL (
    SELECT r.deployment_id, r.finished_at, r.deployment_key FROM delivery_live_row r
     WHERE r.service = i.service AND r.finished_at < i.created_at
     ORDER BY r.finished_at DESC, r.deployment_key DESC LIMIT 1) live ON i.manual_link_by IS NULL`;

export interface LinkedIncidentRow {
  id: string;
  source: string;
  external_key: string;
  service: string;
  team: string | null;
  title: string;
  status: IncidentStatus;
  severity: string | null;
  url: string | null;
  created_at: Date;
  resolved_at: Date | null;
  manual_link_by: string | null;
  manual_link_at: Date | null;
  linked_deployment_id: string | null;
  linked_deployment_key: string | null;
  live_finished_at: Date | null;
}

export function incidentOf(row: LinkedIncidentRow): Incident {
  return {
    externalKey: row.external_key,
    source: row.source as Incident["source"],
    service: row.service,
    title: row.title,
    status: row.status,
    severity: row.severity,
    url: row.url,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
  };
}

export function linkReasonOf(row: LinkedIncidentRow): LinkReason {
  if (row.manual_link_by) return { kind: "set-by-person", by: row.manual_link_by };
  if (row.live_finished_at) {
    return { kind: "last-successful-production-deployment", deploymentFinishedAt: row.live_finished_at };
  }
  return { kind: "no-prior-deployment" };
}

export function linkOf(row: LinkedIncidentRow): IncidentLink {
  return {
    incidentKey: `${row.source}:${row.external_key}`,
    deploymentKey: row.linked_deployment_key,
    reason: linkReasonOf(row),
  };
}
