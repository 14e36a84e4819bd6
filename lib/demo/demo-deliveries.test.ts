import { describe, expect, it } from "vitest";
import { doraMetrics } from "@/lib/delivery/dora-metrics";
import { deploymentKey, incidentKey } from "@/lib/delivery/delivery-window";
import { linkIncidents } from "@/lib/delivery/link-incidents";
import type { Deployment } from "@/lib/delivery/schemas";
import { type DemoDeliveries, demoDeliveries } from "./demo-deliveries";
import { DEMO_SERVICES } from "./demo-platform";
import { BURST, DEPLOY, momentOf, versionsAt } from "./demo-traffic";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = new Date("2026-12-06T14:00:00Z");
// A fortnight of loads at different hours: the story must hold whatever day the demo is loaded on.
const NOWS = Array.from({ length: 14 }, (_, i) => new Date(NOW.getTime() - i * DAY - ((i * 397) % 1440) * MINUTE));

const teamOf = (service: string) => DEMO_SERVICES.find((s) => s.name === service)?.team;
const shipped = (d: Deployment) => d.environment === "PRODUCTION" && d.result === "SUCCESS";

function teamMetrics(data: DemoDeliveries, team: string, now: Date) {
  return doraMetrics({
    window: { from: new Date(now.getTime() - 90 * DAY), to: now },
    deployments: data.deployments.filter((d) => d.team === team),
    incidents: data.incidents.filter((i) => teamOf(i.service) === team),
    pullRequests: data.pullRequests.filter((pr) => teamOf(pr.service ?? "") === team),
  });
}

describe("demo deliveries", () => {
  it("makes payments elite and core-banking struggle, by the 2021 table over the last 90 days", () => {
    for (const now of NOWS) {
      const data = demoDeliveries(now);
      const payments = teamMetrics(data, "payments", now);
      expect(payments.deploymentFrequency.tier2021).toBe("elite");
      expect(payments.leadTimeForChanges.tier2021).toBe("elite");
      expect(payments.changeFailureRate.tier2021).toBe("elite");
      expect(payments.changeFailureRate.ratio).toBeLessThanOrEqual(0.05);
      expect(payments.timeToRestore.medianMinutes).toBeLessThan(60);

      const core = teamMetrics(data, "core-banking", now);
      expect(core.leadTimeForChanges.medianMinutes).toBeGreaterThan((7 * DAY) / MINUTE);
      expect(core.leadTimeForChanges.tier2021).toBe("medium");
      expect(["low", "medium"]).toContain(core.changeFailureRate.tier2021);
      expect(core.changeFailureRate.ratio).toBeGreaterThanOrEqual(0.3);
      expect(core.changeFailureRate.ratio).toBeLessThanOrEqual(0.45);
      expect(core.timeToRestore.medianMinutes).toBeGreaterThan(DAY / MINUTE);
      expect(core.timeToRestore.tier2021).toBe("medium");
      expect(core.deploymentFrequency.perWeek).toBeLessThan(1);
      // The other teams sit between the two.
      for (const team of ["risk", "onboarding", "platform"]) {
        const m = teamMetrics(data, team, now);
        expect(m.deploymentFrequency.perWeek).toBeGreaterThan(core.deploymentFrequency.perWeek ?? 0);
        expect(m.deploymentFrequency.perWeek).toBeLessThan(payments.deploymentFrequency.perWeek ?? 0);
        expect(m.leadTimeForChanges.medianMinutes).toBeGreaterThan(payments.leadTimeForChanges.medianMinutes ?? 0);
        expect(m.leadTimeForChanges.medianMinutes).toBeLessThan(core.leadTimeForChanges.medianMinutes ?? 0);
      }
    }
  });

  it("has ledger's 2026.11.3 release at the moment the traces switch version, the release before it 2026.11.2", () => {
    for (const now of NOWS) {
      const ledger = demoDeliveries(now).deployments.filter((d) => d.service === "ledger" && shipped(d));
      const release = ledger.at(-1);
      expect(release).toMatchObject({ version: DEPLOY.after, hotfix: false, team: "core-banking" });
      expect(release?.finishedAt.getTime()).toBe(now.getTime() - DEPLOY.hoursAgo * HOUR);
      expect(ledger.at(-2)?.version).toBe(DEPLOY.before);
      expect(ledger.at(-2)?.finishedAt.getTime()).toBeLessThan(now.getTime() - 4 * DAY);
    }
  });

  it("shows in every production deployment of the traced day the version the traces show", () => {
    for (const now of NOWS) {
      const data = demoDeliveries(now);
      for (const service of DEMO_SERVICES.map((s) => s.name)) {
        const deployments = data.deployments.filter((d) => d.service === service && shipped(d));
        const current = versionsAt(momentOf(now.getTime() - MINUTE, now.getTime()))[service];
        expect(deployments.at(-1)?.version).toBe(current);
        for (const d of deployments.filter((d) => d.finishedAt.getTime() >= now.getTime() - 25 * HOUR)) {
          expect(d.version).toBe(versionsAt(momentOf(d.finishedAt.getTime(), now.getTime()))[service]);
        }
      }
    }
  });

  it("has the fraud-scoring burst as an incident over its span, linked to the config change just before it", () => {
    for (const now of NOWS) {
      const data = demoDeliveries(now);
      const burstAt = now.getTime() - BURST.startsHoursAgo * HOUR;
      const burst = data.incidents.find((i) => i.service === "fraud-scoring" && i.createdAt.getTime() === burstAt);
      expect(burst).toMatchObject({ status: "DONE", severity: "P1", source: "demo" });
      expect(burst?.resolvedAt?.getTime()).toBe(burstAt + BURST.minutes * MINUTE);
      expect(momentOf(burstAt, now.getTime()).inBurst).toBe(true);
      expect(momentOf(burstAt - MINUTE, now.getTime()).inBurst).toBe(false);

      const [link] = linkIncidents([burst!], data.deployments);
      const cause = data.deployments.find((d) => deploymentKey(d) === link.deploymentKey);
      expect(cause).toMatchObject({ service: "fraud-scoring", environment: "PRODUCTION", result: "SUCCESS" });
      expect(burstAt - cause!.finishedAt.getTime()).toBeGreaterThan(0);
      expect(burstAt - cause!.finishedAt.getTime()).toBeLessThanOrEqual(HOUR);
      const revert = data.deployments.find(
        (d) => d.service === "fraud-scoring" && d.hotfix && d.finishedAt.getTime() > burstAt,
      );
      expect(revert?.finishedAt.getTime()).toBeLessThan(burst!.resolvedAt!.getTime());
      expect(revert?.commits[0].commitMsg).toContain(
        `Revert "${cause?.commits[0].commitMsg?.replace(/ \(#\d+\)$/, "")}"`,
      );
    }
  });

  it("links every incident of a service with an earlier deployment, and leaves only ledger's page open", () => {
    for (const now of NOWS) {
      const data = demoDeliveries(now);
      const links = linkIncidents(data.incidents, data.deployments);
      data.incidents.forEach((incident, i) => {
        const prior = data.deployments.some(
          (d) => d.service === incident.service && shipped(d) && d.finishedAt < incident.createdAt,
        );
        expect(links[i].incidentKey).toBe(incidentKey(incident));
        expect(links[i].deploymentKey !== null).toBe(prior);
        expect(links[i].deploymentKey?.startsWith(`demo:${incident.service}/`) ?? true).toBe(true);
      });
      const open = data.incidents.filter((i) => i.resolvedAt === null);
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ service: "ledger", status: "IN_PROGRESS" });
      expect(open[0].createdAt.getTime()).toBeGreaterThan(now.getTime() - DEPLOY.hoursAgo * HOUR);
    }
  });

  it("covers three months and nothing after now", () => {
    for (const now of NOWS) {
      const { deployments, pullRequests, incidents } = demoDeliveries(now);
      const last = now.getTime();
      expect(last - deployments[0].finishedAt.getTime()).toBeGreaterThan(90 * DAY);
      for (const service of DEMO_SERVICES.map((s) => s.name)) {
        for (const month of [1, 2, 3]) {
          const from = last - month * 30 * DAY;
          const inMonth = deployments.filter(
            (d) =>
              d.service === service &&
              shipped(d) &&
              d.finishedAt.getTime() >= from &&
              d.finishedAt.getTime() < from + 30 * DAY,
          );
          expect(inMonth.length).toBeGreaterThanOrEqual(2);
        }
      }
      for (const d of deployments) {
        expect(d.startedAt.getTime()).toBeLessThan(d.finishedAt.getTime());
        expect(d.finishedAt.getTime()).toBeLessThan(last);
        for (const c of d.commits) expect(c.authoredAt!.getTime()).toBeLessThanOrEqual(d.startedAt.getTime());
      }
      for (const pr of pullRequests) {
        expect(pr.firstCommitAt!.getTime()).toBeLessThanOrEqual(pr.openedAt.getTime());
        expect(pr.openedAt.getTime()).toBeLessThanOrEqual(pr.mergedAt.getTime());
        expect(pr.mergedAt.getTime()).toBeLessThan(last);
      }
      for (const i of incidents) {
        expect(i.createdAt.getTime()).toBeLessThan(i.resolvedAt?.getTime() ?? last);
        expect(i.resolvedAt?.getTime() ?? 0).toBeLessThan(last);
      }
    }
  });

  it("reads like a team's records: unique ids, PRs for most changes, some failed, staged and hotfix deployments", () => {
    const { deployments, pullRequests, incidents } = demoDeliveries(NOW);
    expect(new Set(deployments.map(deploymentKey)).size).toBe(deployments.length);
    expect(new Set(pullRequests.map((pr) => pr.externalId)).size).toBe(pullRequests.length);
    expect(new Set(incidents.map(incidentKey)).size).toBe(incidents.length);
    for (const d of deployments) expect(d).toMatchObject({ source: "demo", team: teamOf(d.service) });
    for (const i of incidents) {
      expect(i.externalKey).toMatch(/^Q[A-Z0-9]{13}$/);
      expect(i.url).toBe(`https://acme.pagerduty.com/incidents/${i.externalKey}`);
      expect(i.severity).toMatch(/^P[1-3]$/);
    }
    const count = (test: (d: Deployment) => boolean) => deployments.filter(test).length;
    expect(count((d) => d.environment === "STAGING")).toBeGreaterThanOrEqual(3);
    expect(count((d) => d.environment === "STAGING")).toBeLessThan(count(shipped) / 10);
    expect(count((d) => d.result === "FAILURE")).toBeGreaterThanOrEqual(3);
    expect(count((d) => d.hotfix && shipped(d))).toBeGreaterThanOrEqual(2);
    const merged = new Set(pullRequests.map((pr) => pr.mergeCommitSha));
    const commits = deployments.filter(shipped).flatMap((d) => d.commits);
    expect(commits.filter((c) => merged.has(c.commitSha)).length / commits.length).toBeGreaterThan(0.9);
  });

  it("is the same for the same now, and a later load repeats the earlier one's days under the same ids", () => {
    expect(demoDeliveries(NOW)).toEqual(demoDeliveries(new Date(NOW)));
    const earlier = demoDeliveries(new Date(NOW.getTime() - DAY));
    const later = demoDeliveries(NOW);
    const background = (id: string) => /\/\d{4}-\d{2}-\d{2}\//.test(id);
    const byId = new Map(later.deployments.map((d) => [d.externalId, d]));
    const repeated = earlier.deployments.filter(
      (d) => background(d.externalId) && d.finishedAt.getTime() > NOW.getTime() - 80 * DAY,
    );
    expect(repeated.length).toBeGreaterThan(150);
    for (const d of repeated) {
      // Versions count back from the newest release, so a newer release renumbers the older ones.
      expect({ ...byId.get(d.externalId), version: null, commits: null }).toEqual({
        ...d,
        version: null,
        commits: null,
      });
    }
    // The story's PRs (ledger's 2026.11.3, fraud-scoring's config change) follow the load's day.
    const story = new Set(
      earlier.deployments.filter((d) => !background(d.externalId)).flatMap((d) => d.commits.map((c) => c.commitSha)),
    );
    const prs = new Map(later.pullRequests.map((pr) => [pr.externalId, pr]));
    const earlierPrs = earlier.pullRequests.filter(
      (pr) => !story.has(pr.mergeCommitSha) && pr.mergedAt.getTime() > NOW.getTime() - 80 * DAY,
    );
    expect(earlierPrs.length).toBeGreaterThan(250);
    for (const pr of earlierPrs) expect(prs.get(pr.externalId)).toEqual(pr);
  });
});
