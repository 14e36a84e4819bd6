import { describe, expect, it } from "vitest";
import { bearerKey, callHandler } from "@/test/http-callers";
import { uniqueName } from "@/test/factories";
import { postTo } from "@/test/delivery-webhooks";
import { GET as listDeployments, POST as postDeployment } from "./deployments/route";
import { GET as listIncidents, POST as postIncident } from "./incidents/route";

// The lists read back what the DevLake webhooks stored, paginated, with each incident's link and why.

const get = (handler: typeof listDeployments, url: string, authorization: string) =>
  callHandler(handler, url, { headers: { authorization } });

describe("GET /api/v1/delivery/deployments and /incidents", () => {
  it("list what the webhooks stored, newest first, a page at a time, with the incident's link", async () => {
    const ingest = await bearerKey(["ingest:delivery"]);
    const reader = await bearerKey(["read"]);
    const service = uniqueName("svc");
    for (const [n, finished] of [
      [1, "2026-04-01T10:00:00Z"],
      [2, "2026-04-02T10:00:00Z"],
      [3, "2026-04-03T10:00:00Z"],
    ] as const) {
      const body = {
        id: `${service}-${n}`,
        service,
        result: "SUCCESS",
        environment: "PRODUCTION",
        startedDate: finished,
        finishedDate: finished,
        deploymentCommits: [
          { repoUrl: `https://github.com/acme/${service}`, commitSha: `${n}`.repeat(40), commitMsg: `release ${n}` },
        ],
      };
      expect(
        (await postTo(postDeployment, "/api/v1/delivery/deployments", body, { authorization: ingest })).status,
      ).toBe(201);
    }
    const incident = {
      issueKey: `${service}-INC-1`,
      title: "settlement file rejected",
      status: "DONE",
      createdDate: "2026-04-02T12:00:00Z",
      resolutionDate: "2026-04-02T13:30:00Z",
      service,
    };
    expect((await postTo(postIncident, "/api/v1/delivery/incidents", incident, { authorization: ingest })).status).toBe(
      201,
    );

    const first = await get(listDeployments, `/api/v1/delivery/deployments?service=${service}&limit=2`, reader);
    expect(first.status).toBe(200);
    const page = await first.json();
    expect(page.items.map((d: { externalId: string }) => d.externalId)).toEqual([`${service}-3`, `${service}-2`]);
    expect(page.items[1]).toMatchObject({ linkedIncidents: 1, finishedAt: "2026-04-02T10:00:00.000Z", commitCount: 1 });
    const rest = await (
      await get(
        listDeployments,
        `/api/v1/delivery/deployments?service=${service}&limit=2&cursor=${page.nextCursor}`,
        reader,
      )
    ).json();
    expect(rest).toMatchObject({ items: [{ externalId: `${service}-1` }], nextCursor: null });

    const incidents = await (await get(listIncidents, `/api/v1/delivery/incidents?service=${service}`, reader)).json();
    expect(incidents.items).toEqual([
      expect.objectContaining({
        externalKey: `${service}-INC-1`,
        linkedDeployment: { key: `devlake:${service}-2`, version: null, finishedAt: "2026-04-02T10:00:00.000Z" },
        linkReason: { kind: "last-successful-production-deployment", deploymentFinishedAt: "2026-04-02T10:00:00.000Z" },
        restoreMinutes: 90,
      }),
    ]);
  });

  it("need read, and refuse a forged cursor naming it", async () => {
    const ingestOnly = await bearerKey(["ingest:delivery"]);
    expect((await get(listDeployments, "/api/v1/delivery/deployments", ingestOnly)).status).toBe(403);
    const reader = await bearerKey(["read"]);
    const forged = await get(listIncidents, "/api/v1/delivery/incidents?cursor=abc", reader);
    expect(forged.status).toBe(400);
    expect((await forged.json()).error.message).toMatch(/^cursor: /);
  });
});
