import { POST as postDeployment } from "@/app/api/v1/delivery/deployments/route";
import { POST as postIncident } from "@/app/api/v1/delivery/incidents/route";
import { createApiKey } from "@/lib/access/api-keys";
import { runWithPeer } from "@/lib/auth/request-scope";
import { type Ctx, systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { storeDeliveryInbox } from "@/lib/delivery/store-delivery-inbox";
import type { Deployment, Incident } from "@/lib/delivery/schemas";
import { publicUrl } from "@/lib/env";
import type { Sender } from "./bench-dora-ingest";

// The bench's events as DevLake's webhook plugin sends them, POSTed to the routes' handlers (as
// Next.js calls them) with an ingest:delivery key: authentication, body parsing and the verbs.

function deploymentBody(d: Deployment) {
  return {
    id: d.externalId,
    service: d.service,
    team: d.team,
    result: d.result,
    environment: d.environment,
    displayTitle: `${d.service} ${d.version}`,
    startedDate: d.startedAt.toISOString(),
    finishedDate: d.finishedAt.toISOString(),
    deploymentCommits: d.commits.map((c) => ({
      repoUrl: c.repoUrl,
      refName: "main",
      commitSha: c.commitSha,
      commitMsg: c.commitMsg,
      commitAuthoredDate: c.authoredAt?.toISOString(),
    })),
  };
}

function incidentBody(i: Incident) {
  return {
    issueKey: i.externalKey,
    title: i.title,
    type: "INCIDENT",
    status: i.status,
    createdDate: i.createdAt.toISOString(),
    resolutionDate: i.resolvedAt?.toISOString(),
    service: i.service,
    severity: i.severity,
    url: i.url,
  };
}

type Prepared = { handler: typeof postDeployment; path: string; body: string };

/**
 * A sender POSTing each event's body to its DevLake route; a non-2xx answer fails the bench. `queued`:
 * with `Prefer: respond-async`, answered once the event is durably queued (202).
 */
export async function routeSender(queued = false): Promise<Sender<Prepared>> {
  const { key } = await createApiKey(systemCtx("bench"), {
    name: `bench-dora-${queued ? "queued-" : ""}${Date.now()}`,
    scopes: ["ingest:delivery"],
  });
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  if (queued) headers.prefer = "respond-async";
  return {
    prepare: (event) =>
      event.kind === "deployment"
        ? {
            handler: postDeployment,
            path: "/api/v1/delivery/deployments",
            body: JSON.stringify(deploymentBody(event.deployment)),
          }
        : {
            handler: postIncident,
            path: "/api/v1/delivery/incidents",
            body: JSON.stringify(incidentBody(event.incident)),
          },
    async send({ handler, path, body }) {
      const request = new Request(new URL(path, publicUrl()), { method: "POST", headers, body });
      const response = await runWithPeer("127.0.0.1", () => handler(request, { params: Promise.resolve({}) }));
      if (!response.ok || (queued && response.status !== 202))
        throw new Error(`${path}: ${response.status} ${await response.text()}`);
    },
  };
}

/** What the worker does with the queued events: stores them all, timed, and checks none is left. */
export async function storeQueued(ctx: Ctx): Promise<void> {
  const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM delivery_inbox");
  const started = performance.now();
  const totals = { stored: 0, rejected: 0, failed: 0 };
  for (;;) {
    const run = await storeDeliveryInbox(ctx);
    if (run.stored + run.rejected + run.failed === 0) break;
    totals.stored += run.stored;
    totals.rejected += run.rejected;
    totals.failed += run.failed;
  }
  const seconds = (performance.now() - started) / 1000;
  if (totals.stored !== rows[0].n) throw new Error(`queued ${rows[0].n}, stored ${JSON.stringify(totals)}`);
  console.log(
    `the worker storing the ${rows[0].n} queued events (storeDeliveryInbox, as the worker's job does): ` +
      `${seconds.toFixed(2)} s = ${(rows[0].n / seconds).toFixed(0)} events/s`,
  );
}
