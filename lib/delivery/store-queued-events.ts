// How the worker stores a batch of queued events (store-delivery-inbox.ts): set-based, one
// statement for many records, and one by one only to find the record a statement failed on. A
// batch goes in rounds: the first event of every key, then the second, and so on, so a statement
// never holds two events of one key and a key's events are stored in arrival order. An event whose
// failure leaves it queued holds back its key's later events (they stay queued behind it).
import type { Ctx } from "@/lib/context";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { recordIncident } from "@/lib/delivery/record-incident";
import type { Deployment, Incident } from "@/lib/delivery/schemas";
import { storeDeploymentSet, storeIncidentSet } from "@/lib/delivery/store-event-sets";

export interface QueuedEvent {
  id: string;
  kind: "deployment" | "incident";
  /** The record, or why it could not be read. */
  record: Deployment | Incident | Error;
  /** The key whose events are stored in arrival order. */
  key: string;
}

/** Decides what becomes of an event that could not be stored: true when settled (set aside), false when left queued. */
export type OnFailure = (event: QueuedEvent, err: unknown) => Promise<boolean>;

interface Writer {
  /** Stores the events' records (keys distinct); the indexes of those left to `one`. */
  many: (events: readonly QueuedEvent[]) => Promise<number[]>;
  one: (event: QueuedEvent) => Promise<unknown>;
}

/** The most events in one statement, and statements running at once (PostgreSQL works on one per core, while this process prepares the next). */
const MAX_SET = 500;
const IN_FLIGHT = 4;

/** Each key's first event, then each key's second, ...; events in their order within a round. */
function rounds(events: readonly QueuedEvent[]): QueuedEvent[][] {
  const seen = new Map<string, number>();
  const out: QueuedEvent[][] = [];
  for (const event of events) {
    const r = seen.get(event.key) ?? 0;
    seen.set(event.key, r + 1);
    (out[r] ??= []).push(event);
  }
  return out;
}

class Run {
  readonly done: string[] = [];
  private readonly blocked = new Set<string>();

  constructor(private readonly onFailure: OnFailure) {}

  isBlocked = (event: QueuedEvent) => this.blocked.has(event.key);

  async failed(event: QueuedEvent, err: unknown): Promise<void> {
    if (await this.onFailure(event, err)) this.done.push(event.id);
    else this.blocked.add(event.key);
  }

  /** One by one through the verb: the verb's own error is the record's. */
  async one(writer: Writer, event: QueuedEvent): Promise<void> {
    try {
      await writer.one(event);
      this.done.push(event.id);
    } catch (err) {
      await this.failed(event, err);
    }
  }

  /** A statement for the events; when it fails, each half again, down to the one that fails alone. */
  async many(writer: Writer, events: readonly QueuedEvent[]): Promise<void> {
    if (!events.length) return;
    let left: number[];
    try {
      left = await writer.many(events);
    } catch {
      if (events.length === 1) return this.one(writer, events[0]);
      const half = Math.ceil(events.length / 2);
      await this.many(writer, events.slice(0, half));
      return this.many(writer, events.slice(half));
    }
    const rest = new Set(left);
    events.forEach((event, k) => rest.has(k) || this.done.push(event.id));
    // Keys are distinct within a round: these may go at once.
    await Promise.all(left.map((k) => this.one(writer, events[k])));
  }
}

const deploymentOf = (event: QueuedEvent) => event.record as Deployment;
const incidentOf = (event: QueuedEvent) => event.record as Incident;

function writers(ctx: Ctx): Record<QueuedEvent["kind"], Writer> {
  return {
    deployment: {
      many: (events) => storeDeploymentSet(events.map(deploymentOf)),
      one: (event) => recordDeployment(ctx, deploymentOf(event)),
    },
    incident: {
      many: (events) => storeIncidentSet(events.map(incidentOf)),
      one: (event) => recordIncident(ctx, incidentOf(event)),
    },
  };
}

const chunks = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, k) => list.slice(k * size, (k + 1) * size));

/** Runs `work` on each item, at most `limit` at once. */
async function eachAtMost<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Stores the events (in arrival order); the ids of those settled: stored, or set aside by
 * `onFailure`. The others are left queued.
 */
export async function storeQueuedEvents(ctx: Ctx, events: readonly QueuedEvent[], onFailure: OnFailure) {
  const run = new Run(onFailure);
  const write = writers(ctx);
  for (const round of rounds(events)) {
    const live = round.filter((event) => !run.isBlocked(event));
    for (const event of live) if (event.record instanceof Error) await run.failed(event, event.record);
    const readable = live.filter((event) => !(event.record instanceof Error));
    // Deployments first: an incident's team may come from its service's latest deployment.
    for (const kind of ["deployment", "incident"] as const) {
      const ofKind = readable.filter((event) => event.kind === kind);
      // Keys are distinct within a round: its statements may run at once.
      await eachAtMost(chunks(ofKind, MAX_SET), IN_FLIGHT, (chunk) => run.many(write[kind], chunk));
    }
  }
  return run.done;
}
