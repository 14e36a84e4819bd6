// The worker's writers for many queued events at once (store-queued-events.ts), each one the
// synchronous path's statement for many records: new deployments (insert-new-deployments.ts, as
// recordDeployment stores them) and incidents (upsert-incidents.ts, as recordIncident does). What a
// statement can not settle (a deployment already stored with other content, one from telemetry) is
// answered as left for the verbs, which take the general path.
import { pool } from "@/lib/db";
import { contentHash } from "@/lib/delivery/content-hash";
import { insertNewDeployments } from "@/lib/delivery/insert-new-deployments";
import { commitRows } from "@/lib/delivery/record-deployment";
import type { Deployment, Incident } from "@/lib/delivery/schemas";
import { upsertIncidents } from "@/lib/delivery/upsert-incidents";

/** Stores the deployments (keys distinct); those left for recordDeployment, by index. */
export async function storeDeploymentSet(list: readonly Deployment[]): Promise<number[]> {
  const items = list.map((deployment) => {
    const commits = commitRows(deployment);
    return { deployment, commits, hash: contentHash({ ...deployment, commits }) };
  });
  const left = new Set<number>();
  const fresh: number[] = [];
  items.forEach((x, k) => (x.deployment.source === "telemetry" ? left.add(k) : fresh.push(k)));
  const ids = await insertNewDeployments(fresh.map((k) => items[k]));
  const stored = fresh.filter((_, j) => ids[j] === null);
  for (const k of stored) left.add(k);
  if (stored.length) {
    // Sent again with the same content: nothing to write (recordDeployment would find it unchanged).
    const { rows } = await pool().query<{ n: number }>({
      name: "delivery-unchanged-deployments",
      text: `SELECT k.n::int FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS k(source, external_id, content_hash, n)
              JOIN delivery_deployment d USING (source, external_id, content_hash)`,
      values: [
        stored.map((k) => items[k].deployment.source),
        stored.map((k) => items[k].deployment.externalId),
        stored.map((k) => items[k].hash),
        stored,
      ],
    });
    for (const row of rows) left.delete(row.n);
  }
  return [...left].sort((a, b) => a - b);
}

/** Stores the incidents (keys distinct) in one statement; none is left. */
export async function storeIncidentSet(list: readonly Incident[]): Promise<number[]> {
  await upsertIncidents(pool(), list);
  return [];
}
