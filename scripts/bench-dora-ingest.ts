import type { Ctx } from "@/lib/context";
import { hex, type Random, rng } from "@/lib/demo/demo-random";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { recordIncident } from "@/lib/delivery/record-incident";
import type { Deployment, DeploymentCommit, Incident } from "@/lib/delivery/schemas";
import { repoOf, SERVICES, serviceName, teamName } from "./bench-dora-data";

// Webhook-style ingest: deployments (~10 commits each; a fifth ship the service's previous commits
// again, as staging then production or a failure then its retry) and incidents, ~80/20, sent by 8
// concurrent senders straight to the verbs the webhook routes call, on the day after the loaded year.

const EVENTS = 8_000;
const WARM_UP = 200;
const CONCURRENCY = 8;
const MIN = 60_000;

export type Event = { kind: "deployment"; deployment: Deployment } | { kind: "incident"; incident: Incident };

function deploymentEvent(random: Random, n: number, day: number, last: Map<number, DeploymentCommit[]>): Event {
  const s = Math.floor(random() * SERVICES);
  const finished = day + Math.floor(random() * 86_400_000);
  const again = last.get(s);
  const commits =
    again && random() < 0.2
      ? again
      : Array.from({ length: 8 + Math.floor(random() * 5) }, () => ({
          repoUrl: repoOf(s),
          commitSha: hex(random, 40),
          commitMsg: `fix: handle the ${hex(random, 6)} case in the settlement job`,
          authoredAt: new Date(finished - MIN * (30 + Math.floor(random() * 5_000))),
        }));
  last.set(s, commits);
  const source = random() < 0.6 ? "devlake" : "github";
  return {
    kind: "deployment",
    deployment: {
      externalId: `ingest-${n}`,
      source,
      service: serviceName(s),
      team: source === "devlake" ? teamName(s) : null,
      environment: random() < 0.8 ? "PRODUCTION" : "STAGING",
      result: random() < 0.9 ? "SUCCESS" : "FAILURE",
      startedAt: new Date(finished - 8 * MIN),
      finishedAt: new Date(finished),
      version: `v${n}`,
      author: `dev-${Math.floor(random() * 50)}`,
      hotfix: random() < 0.05,
      commits,
    },
  };
}

function incidentEvent(random: Random, n: number, day: number): Event {
  const created = day + Math.floor(random() * 86_400_000);
  const resolved = random() < 0.7 ? new Date(created + MIN * (5 + Math.floor(random() * 600))) : null;
  return {
    kind: "incident",
    incident: {
      externalKey: `PD-ingest-${n}`,
      source: "pagerduty",
      service: serviceName(Math.floor(random() * SERVICES)),
      title: `High error rate on checkout ${n}`,
      status: resolved ? "DONE" : random() < 0.5 ? "TODO" : "IN_PROGRESS",
      severity: "P2",
      url: `https://pagerduty.example/incidents/PD-ingest-${n}`,
      createdAt: new Date(created),
      resolvedAt: resolved,
    },
  };
}

export function events(day: number, count: number, offset: number): Event[] {
  const random = rng(77 + offset);
  const last = new Map<number, DeploymentCommit[]>();
  return Array.from({ length: count }, (_, k) =>
    random() < 0.8 ? deploymentEvent(random, offset + k, day, last) : incidentEvent(random, offset + k, day),
  );
}

/**
 * Sends events: the verbs themselves or the webhook routes' handlers. `prepare` is the sender's own
 * work (a webhook body built and serialized), done before the clock starts as on the sender's machine.
 */
export interface Sender<P = unknown> {
  prepare(event: Event): P;
  send(prepared: P): Promise<unknown>;
}

export const verbSender = (ctx: Ctx): Sender<Event> => ({
  prepare: (event) => event,
  send: (event) =>
    event.kind === "deployment" ? recordDeployment(ctx, event.deployment) : recordIncident(ctx, event.incident),
});

async function sendAll<P>(sender: Sender<P>, list: P[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < list.length) await sender.send(list[next++]);
    }),
  );
}

/** Events per second over EVENTS events after a warm-up; `round` keeps each call's events new. */
export async function ingestEvents<P>(sender: Sender<P>, day: number, label: string, round = 0): Promise<number> {
  const offset = round * (WARM_UP + EVENTS);
  await sendAll(
    sender,
    events(day, WARM_UP, offset).map((event) => sender.prepare(event)),
  );
  const list = events(day, EVENTS, offset + WARM_UP);
  const prepared = list.map((event) => sender.prepare(event));
  const deployments = list.filter((e) => e.kind === "deployment").length;
  const started = performance.now();
  await sendAll(sender, prepared);
  const seconds = (performance.now() - started) / 1000;
  const rate = EVENTS / seconds;
  console.log(
    `${label}, ${CONCURRENCY} senders: ${deployments} deployments + ${EVENTS - deployments} incidents ` +
      `in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} events/s`,
  );
  return rate;
}
