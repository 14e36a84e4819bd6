// Incidents newest first, each with the deployment it links to and why (a person's link, the rule's
// "last successful production deployment before it", or no prior deployment).
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import {
  LINK_JOINS,
  LINKED_INCIDENT_COLUMNS,
  type LinkedIncidentRow,
  incidentOf,
  linkReasonOf,
} from "@/lib/delivery/incident-links";
import { encodeListCursor, ListIncidentsInput } from "@/lib/delivery/list-schemas";
import type { Incident, LinkReason } from "@/lib/delivery/schemas";
import { parseInput } from "@/lib/validation";

export interface IncidentItem extends Incident {
  id: string;
  team: string | null;
  linkedDeploymentId: string | null;
  /** The linked deployment as its sender names it (`source:externalId`), its version and finish. */
  linkedDeployment: { key: string; version: string | null; finishedAt: Date } | null;
  linkReason: LinkReason;
  /** Minutes from created to resolved; null while open. */
  restoreMinutes: number | null;
}

type Row = LinkedIncidentRow & { linked_version: string | null; linked_finished_at: Date | null };

export async function listIncidents(ctx: Ctx, input: ListIncidentsInput) {
  authorize(ctx, "read");
  const q = parseInput(ListIncidentsInput, input);
  const { rows } = await pool().query<Row>(
    `SELECT * FROM (
       SELECT ${LINKED_INCIDENT_COLUMNS}
         FROM delivery_incident i ${LINK_JOINS}
        WHERE ($1::text IS NULL OR i.service = $1) AND ($2::text IS NULL OR i.team = $2)
          AND ($3::timestamptz IS NULL OR i.created_at >= $3) AND ($4::timestamptz IS NULL OR i.created_at < $4)
          AND ($5::text IS NULL OR i.status = $5)
          AND ($6::timestamptz IS NULL OR (i.created_at, i.id) < ($6, $7::bigint))
        ORDER BY i.created_at DESC, i.id DESC LIMIT $8) x
     LEFT JOIN LATERAL (SELECT version AS linked_version, finished_at AS linked_finished_at
                          FROM delivery_deployment WHERE id = x.linked_deployment_id::bigint) d ON true
     ORDER BY x.created_at DESC, x.id::bigint DESC`,
    [
      q.service ?? null,
      q.team ?? null,
      q.from ?? null,
      q.to ?? null,
      q.status ?? null,
      q.cursor?.at ?? null,
      q.cursor?.id ?? null,
      q.limit + 1,
    ],
  );
  const page = rows.slice(0, q.limit);
  const items: IncidentItem[] = page.map((r) => ({
    ...incidentOf(r),
    id: r.id,
    team: r.team,
    linkedDeploymentId: r.linked_deployment_id,
    linkedDeployment:
      r.linked_deployment_key && r.linked_finished_at
        ? { key: r.linked_deployment_key, version: r.linked_version, finishedAt: r.linked_finished_at }
        : null,
    linkReason: linkReasonOf(r),
    restoreMinutes: r.resolved_at ? (r.resolved_at.getTime() - r.created_at.getTime()) / 60_000 : null,
  }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeListCursor(last.created_at, last.id) : null };
}
