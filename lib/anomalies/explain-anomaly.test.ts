import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { driftKeys, postDriftImport } from "@/test/drift-api";
import { explainAnomaly, rankChanges } from "./explain-anomaly";
import { probableOrigin } from "./origin-changes";

// "What changed" on hand-made evidence in a year no other test writes: a deploy of the service and
// one of a callee, a callee anomalous at the same time (the origin), a drift on a resource the
// service runs on, and a resource whose cost appeared.

afterAll(closeDb);

const HOUR = 3_600_000;
const start = new Date("2015-05-20T12:00:00Z");
let ingest: string;
beforeAll(async () => {
  ({ ingest } = await driftKeys());
});

async function anomaly(service: string, series: string, at: Date): Promise<string> {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO anomaly (service, series, environment, step_ms, started_at, peak_at, direction, severity, peak_score, observed, expected)
     VALUES ($1, $2, 'prod', 3600000, $3, $3, 'up', 'critical', 12, 0.2, 0.01) RETURNING id`,
    [service, series, at],
  );
  return rows[0].id;
}

async function deploy(service: string, finishedAt: Date, version: string) {
  await pool().query(
    `INSERT INTO delivery_deployment (source, external_id, service, environment, result, started_at, finished_at, version, content_hash)
     VALUES ('test', $1, $2, 'PRODUCTION', 'SUCCESS', $3::timestamptz - interval '5 minutes', $3, $4, 'h')`,
    [uniqueName("deploy"), service, finishedAt, version],
  );
}

describe("what changed before an anomaly", () => {
  it("ranks the callee that failed first, the service's own deploy, drift under it, new cost, an older callee deploy", async () => {
    const [api, scoring, ledger] = ["api", "scoring", "ledger"].map(uniqueName);
    const resource = uniqueName("i-");
    await pool().query(
      `INSERT INTO service_edge_hour (hour, caller, callee, calls, errors, buckets, counts)
       VALUES ($1, $2, $3, 100, 40, '{}', '{}'), ($1, $3, $4, 100, 0, '{}', '{}')`,
      [start, api, scoring, ledger],
    );
    await deploy(api, new Date(start.getTime() - 20 * 60_000), "v2");
    await deploy(scoring, new Date(start.getTime() - 3 * HOUR), "s9");
    await deploy(api, new Date(start.getTime() - 9 * HOUR), "v1");
    await anomaly(scoring, "errors", new Date(start.getTime() - HOUR));
    await pool().query(
      `INSERT INTO cost_allocation (day, provider_name, service_name, resource_id, feature, team, environment, app_service,
         method, billed_cost, effective_cost, computed_at)
       SELECT d, 'AWS', 'AmazonEC2', $1, 'f', 't', 'prod', $2, 'tag', 3.5, 3.5, now()
         FROM generate_series('2015-05-18'::date, '2015-05-20'::date, interval '1 day') AS d`,
      [resource, api],
    );
    const plan = JSON.stringify({
      format_version: "1.2",
      terraform_version: "1.9.0",
      timestamp: new Date(start.getTime() - 2 * HOUR).toISOString(),
      resource_drift: [
        {
          address: "aws_instance.api",
          mode: "managed",
          type: "aws_instance",
          change: {
            actions: ["update"],
            before: { id: resource, instance_type: "m5.large" },
            after: { id: resource, instance_type: "m5.xlarge" },
          },
        },
      ],
      resource_changes: [],
    });
    expect(
      (await postDriftImport(`format=terraform-show&workspace=${uniqueName("ws")}`, plan, { authorization: ingest }))
        .status,
    ).toBe(201);

    const id = await anomaly(api, "errors", start);
    const changes = await explainAnomaly(pool(), id, HOUR);
    // A callee failing an hour earlier (0.9) edges out the service's own deploy 20 minutes before
    // (0.875); the deploy nine hours back is outside the window.
    expect(changes.map((change) => [change.rank, change.kind])).toEqual([
      [1, "origin"],
      [2, "deployment"],
      [3, "drift"],
      [4, "cost"],
      [5, "deployment"],
    ]);
    expect(changes[0]).toMatchObject({ service: scoring, path: [api, scoring] });
    expect(changes[1].summary).toBe(`${api} v2 deployed at 11:40 UTC, 20 min before the episode`);
    expect(changes[2].summary).toMatch(/^aws_instance\.api drifted \(changed, manual change\) 2 h before$/);
    expect(changes[3].summary).toBe(`AmazonEC2 ${resource} is new, 3.50 a day`);
    expect(changes[4].summary).toBe(`${scoring} s9 deployed at 09:00 UTC, 3 h before the episode (called by ${api})`);
    const stored = await pool().query("SELECT changes, changes_at FROM anomaly WHERE id = $1", [id]);
    expect(stored.rows[0].changes).toEqual(changes);
    expect(stored.rows[0].changes_at).not.toBeNull();
  });

  it("finds nothing for an anomaly with no evidence around it, and nothing for an unknown id", async () => {
    const id = await anomaly(uniqueName("alone"), "latency", new Date("2015-01-03T00:00:00Z"));
    expect(await explainAnomaly(pool(), id, HOUR)).toEqual([]);
    expect(await explainAnomaly(pool(), "00000000-0000-4000-8000-000000000000", HOUR)).toEqual([]);
  });
});

describe("the probable origin", () => {
  const edges = new Map([
    ["web", new Set(["api"])],
    ["api", new Set(["db", "cache"])],
    ["cache", new Set(["api"])],
  ]);

  it("is the deepest anomalous service downstream, then the earliest", () => {
    const unusual = [
      { service: "api", series: "errors", start: 10 },
      { service: "db", series: "latency", start: 5 },
      { service: "cache", series: "latency", start: 1 },
    ];
    expect(probableOrigin("web", edges, unusual)).toMatchObject({ service: "cache", path: ["web", "api", "cache"] });
    expect(probableOrigin("web", edges, unusual.slice(0, 2))).toMatchObject({ service: "db" });
  });

  it("is nobody when nothing downstream was unusual, even in a cycle", () => {
    expect(probableOrigin("cache", edges, [{ service: "web", series: "errors", start: 0 }])).toBeNull();
    expect(probableOrigin("lonely", edges, [{ service: "api", series: "errors", start: 0 }])).toBeNull();
  });

  it("ranks changes by score and numbers them", () => {
    const ranked = rankChanges([
      { kind: "cost", rank: 0, summary: "c", score: 0.3 },
      { kind: "deployment", rank: 0, summary: "d", score: 0.9 },
      { kind: "drift", rank: 0, summary: "r", score: 0.3 },
    ]);
    expect(ranked.map((change) => [change.rank, change.summary])).toEqual([
      [1, "d"],
      [2, "c"],
      [3, "r"],
    ]);
  });
});
