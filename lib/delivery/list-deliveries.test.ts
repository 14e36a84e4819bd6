import { beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { listDeployments } from "@/lib/delivery/list-deployments";
import { listIncidents } from "@/lib/delivery/list-incidents";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { recordIncident } from "@/lib/delivery/record-incident";
import type { Deployment, Incident } from "@/lib/delivery/schemas";
import { uniqueName } from "@/test/factories";

const ctx = systemCtx("test");
const service = uniqueName("svc");
const at = (iso: string) => new Date(iso);

const deployment = (n: number, finished: string, extra: Partial<Deployment> = {}): Deployment => ({
  externalId: `${service}-${n}`,
  source: "devlake",
  service,
  team: "alpha",
  environment: "PRODUCTION",
  result: "SUCCESS",
  startedAt: at(finished),
  finishedAt: at(finished),
  version: `1.${n}`,
  author: "ana",
  hotfix: false,
  commits: Array.from({ length: 12 }, (_, k) => ({
    repoUrl: `https://github.com/acme/${service}`,
    commitSha: `${n}${k}`.padStart(40, "a"),
    commitMsg: `change ${k}`,
    authoredAt: at("2026-01-01T00:00:00Z"),
  })),
  ...extra,
});

const incident = (key: string, created: string, resolved: string | null): Incident => ({
  externalKey: key,
  source: "pagerduty",
  service,
  title: `payments failing ${key}`,
  status: resolved ? "DONE" : "TODO",
  severity: "P1",
  url: null,
  createdAt: at(created),
  resolvedAt: resolved ? at(resolved) : null,
});

describe("deployment and incident lists", () => {
  beforeAll(async () => {
    await recordDeployment(ctx, deployment(1, "2026-02-01T10:00:00Z"));
    await recordDeployment(ctx, deployment(2, "2026-02-02T10:00:00Z", { result: "FAILURE" }));
    await recordDeployment(ctx, deployment(3, "2026-02-03T10:00:00Z"));
    await recordIncident(ctx, incident("A", "2026-01-31T00:00:00Z", "2026-01-31T01:00:00Z"));
    await recordIncident(ctx, incident("B", "2026-02-02T12:00:00Z", "2026-02-02T14:30:00Z"));
    await recordIncident(ctx, incident("C", "2026-02-03T10:00:00Z", null));
  });

  it("pages deployments newest first with their first commits and linked incidents", async () => {
    const first = await listDeployments(ctx, { service, limit: "2" });
    expect(first.items.map((d) => d.externalId)).toEqual([`${service}-3`, `${service}-2`]);
    expect(first.items[0]).toMatchObject({ commitCount: 12, version: "1.3", linkedIncidents: 0 });
    expect(first.items[0].commits).toHaveLength(10);
    const second = await listDeployments(ctx, { service, limit: "2", cursor: first.nextCursor ?? "" });
    expect(second.items.map((d) => d.externalId)).toEqual([`${service}-1`]);
    // B (after the failed 2) and C (created at 3's finish, not after it) both link to 1.
    expect(second.items[0].linkedIncidents).toBe(2);
    expect(second.nextCursor).toBeNull();
    const failed = await listDeployments(ctx, { service, result: "FAILURE" });
    expect(failed.items.map((d) => d.externalId)).toEqual([`${service}-2`]);
  });

  it("shows each incident's link and why", async () => {
    const { items } = await listIncidents(ctx, { service });
    expect(items.map((i) => [i.externalKey, i.linkedDeployment?.key ?? null, i.linkReason.kind])).toEqual([
      ["C", `devlake:${service}-1`, "last-successful-production-deployment"],
      ["B", `devlake:${service}-1`, "last-successful-production-deployment"],
      ["A", null, "no-prior-deployment"],
    ]);
    expect(items[1].restoreMinutes).toBe(150);
    expect(items[0].restoreMinutes).toBeNull();
    const open = await listIncidents(ctx, { service, status: "TODO" });
    expect(open.items.map((i) => i.externalKey)).toEqual(["C"]);
  });

  it("re-links when a late deployment arrives, and keeps re-sends unchanged", async () => {
    const late = deployment(4, "2026-02-02T11:00:00Z");
    expect((await recordDeployment(ctx, late)).outcome).toBe("created");
    expect((await recordDeployment(ctx, late)).outcome).toBe("unchanged");
    const { items } = await listIncidents(ctx, { service });
    expect(items.find((i) => i.externalKey === "B")?.linkedDeployment?.key).toBe(`devlake:${service}-4`);
    expect((await recordDeployment(ctx, { ...late, version: "1.4.1" })).outcome).toBe("updated");
  });

  it("refuses cursors it did not hand out and bad filters", async () => {
    await expect(listDeployments(ctx, { cursor: "bm90LWEtY3Vyc29y" })).rejects.toThrow(/cursor/);
    await expect(listIncidents(ctx, { status: "OPEN" })).rejects.toThrow(/status/);
    await expect(listDeployments(ctx, { limit: "201" })).rejects.toThrow(/limit/);
  });
});
