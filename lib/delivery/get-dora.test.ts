import { beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { doraMetrics } from "@/lib/delivery/dora-metrics";
import { getDora } from "@/lib/delivery/get-dora";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { recordIncident } from "@/lib/delivery/record-incident";
import { recordPullRequest } from "@/lib/delivery/record-pull-request";
import { randomDeliveries, type RandomDeliveries } from "@/test/random-deliveries";

// The stored path (SQL narrowing, links and lead time in SQL) gives the pure cores' figures.

const ctx = systemCtx("test");

/** Numbers to 9 significant digits: a mean summed in another order differs in its last bits. */
function rounded(value: unknown): unknown {
  if (typeof value === "number") return Number(value.toPrecision(9));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

async function store(data: RandomDeliveries, together: boolean) {
  // Pull requests first for half the data and last for the rest: both orders must end the same.
  const half = Math.floor(data.pullRequests.length / 2);
  for (const pr of data.pullRequests.slice(0, half)) await recordPullRequest(ctx, pr);
  if (together) {
    // All at once, as many senders would: new deployments are then stored many to a statement,
    // commits shared between them and pull requests written beside them.
    await Promise.all([
      ...data.deployments.map((d) => recordDeployment(ctx, d)),
      ...data.pullRequests.slice(half).map((pr) => recordPullRequest(ctx, pr)),
    ]);
  } else {
    for (const d of data.deployments) await recordDeployment(ctx, d);
    for (const pr of data.pullRequests.slice(half)) await recordPullRequest(ctx, pr);
  }
  for (const i of data.incidents) await recordIncident(ctx, i);
}

describe.each([
  { seed: 1, together: false },
  { seed: 2, together: false },
  { seed: 3, together: true },
  { seed: 4, together: true },
])("getDora on random deliveries (seed $seed, sent together: $together)", ({ seed, together }) => {
  const data = randomDeliveries(seed);
  beforeAll(() => store(data, together), 60_000);

  it("gives the pure cores' figures for the platform", async () => {
    const stored = await getDora(ctx, { from: data.window.from.toISOString(), to: data.window.to.toISOString() });
    const pure = doraMetrics(data);
    expect(stored.deploymentFrequency.deployments).toBeGreaterThan(0);
    expect(stored.changeFailureRate.failedDeployments).toBeGreaterThan(0);
    expect(stored.leadTimeForChanges.pullRequests).toBeGreaterThan(0);
    expect(rounded(stored)).toEqual(rounded(pure));
  });

  it("gives them for each service and team", async () => {
    for (const service of data.services) {
      const only = <T extends { service: string | null }>(list: T[]) => list.filter((r) => r.service === service);
      const stored = await getDora(ctx, { ...isoWindow(data), service });
      const pure = doraMetrics({
        window: data.window,
        deployments: only(data.deployments),
        incidents: only(data.incidents),
        pullRequests: only(data.pullRequests),
      });
      expect(rounded(stored)).toEqual(rounded(pure));
    }
    const team = data.teams[data.services[0]];
    const members = new Set(data.services.filter((s) => data.teams[s] === team));
    const ofTeam = <T extends { service: string | null }>(list: T[]) =>
      list.filter((r) => members.has(r.service ?? ""));
    const stored = await getDora(ctx, { ...isoWindow(data), team });
    const pure = doraMetrics({
      window: data.window,
      deployments: ofTeam(data.deployments),
      incidents: ofTeam(data.incidents),
      pullRequests: ofTeam(data.pullRequests),
    });
    expect(rounded(stored)).toEqual(rounded(pure));
  });

  it("changes nothing when everything is sent again", async () => {
    const before = await getDora(ctx, isoWindow(data));
    const outcomes = new Set<string>();
    for (const d of data.deployments) outcomes.add((await recordDeployment(ctx, d)).outcome);
    for (const i of data.incidents) outcomes.add((await recordIncident(ctx, i)).outcome);
    for (const pr of data.pullRequests) outcomes.add((await recordPullRequest(ctx, pr)).outcome);
    expect([...outcomes]).toEqual(["unchanged"]);
    expect(await getDora(ctx, isoWindow(data))).toEqual(before);
  });
});

function isoWindow(data: RandomDeliveries) {
  return { from: data.window.from.toISOString(), to: data.window.to.toISOString() };
}
