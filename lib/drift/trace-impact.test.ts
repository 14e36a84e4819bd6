import { afterAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { bucketOf } from "@/lib/traces/histogram";
import { uniqueName } from "@/test/factories";
import { impactWindows, traceImpact } from "./trace-impact";

// The hourly rollups of a week and a day around a detection, written straight into span_hour in
// an otherwise empty year so other tests' traffic never enters the comparison.

afterAll(closeDb);

const detectedAt = new Date("2019-03-14T12:00:00Z");
const lookedSince = new Date("2019-03-13T06:00:00Z");

async function traffic(service: string, from: number, to: number, perHour: number, errors: number, ms: number) {
  await pool().query(
    `INSERT INTO span_hour (hour, service, operation, environment, requests, errors, buckets, counts)
     SELECT h, $1, 'GET /', 'prod', $4, $5, ARRAY[$6]::smallint[], ARRAY[$4]::bigint[]
       FROM generate_series($2::timestamptz, $3::timestamptz - interval '1 hour', interval '1 hour') AS h`,
    [service, new Date(from), new Date(to), perHour, errors, bucketOf(ms * 1e6)],
  );
}

describe("the services whose traces changed around a drift", () => {
  it("compares the hours around the detection with the week before, the resource's services first", async () => {
    const windows = impactWindows(detectedAt, lookedSince, new Date("2020-01-01T00:00:00Z"))!;
    expect(new Date(windows.aroundFrom).toISOString()).toBe("2019-03-13T12:00:00.000Z");
    expect(new Date(windows.aroundTo).toISOString()).toBe("2019-03-14T13:00:00.000Z");
    const [served, elsewhere, steady, workspace] = ["served", "elsewhere", "steady", "ws"].map(uniqueName);
    const resource = uniqueName("i-");
    const { baselineFrom, aroundFrom, aroundTo } = windows;
    await traffic(served, baselineFrom, aroundFrom, 1_000, 2, 40);
    await traffic(served, aroundFrom, aroundTo, 1_000, 2, 160);
    await traffic(elsewhere, baselineFrom, aroundFrom, 500, 0, 10);
    await traffic(elsewhere, aroundFrom, aroundTo, 500, 100, 10);
    await traffic(steady, baselineFrom, aroundTo, 800, 1, 25);
    await pool().query(
      `INSERT INTO cost_allocation (day, provider_name, service_name, resource_id, feature, team, environment, app_service,
         method, billed_cost, effective_cost, computed_at)
       VALUES ('2019-03-12', 'AWS', 'EC2', $1, 'f', 't', 'prod', $2, 'tag', 1, 1, now()),
              ('2019-03-12', 'AWS', 'EC2', $1, 'f', 't', 'prod', '__unallocated__', 'tag', 1, 1, now())`,
      [resource, served],
    );

    const impact = await traceImpact(pool(), {
      cloudId: resource,
      workspace,
      detectedAt,
      lookedSince,
      now: new Date("2020-01-01T00:00:00Z"),
    });
    expect(impact?.services).toEqual([served]);
    expect(impact?.around).toEqual({ from: "2019-03-13T12:00:00.000Z", to: "2019-03-14T13:00:00.000Z" });
    const mine = impact!.changed.filter((shift) => [served, elsewhere, steady].includes(shift.service));
    expect(mine.map((shift) => [shift.service, shift.related, shift.findings.length])).toEqual([
      [served, true, 1],
      [elsewhere, false, 1],
    ]);
    expect(mine[0].findings[0]).toMatch(/^p95 \d+ ms → \d+ ms$/);
    expect(mine[1].findings[0]).toBe("error rate 0.00% → 20.00%");
    expect(mine[0].baseline).toMatchObject({ hours: 168, requests: 168_000, errors: 336 });
  });

  it("has nothing to compare before the hours around a detection begin, or without traces", async () => {
    expect(impactWindows(detectedAt, lookedSince, new Date("2019-03-13T11:00:00Z"))).toBeNull();
    const impact = await traceImpact(pool(), {
      cloudId: null,
      workspace: uniqueName("ws"),
      detectedAt: new Date("2011-06-01T00:00:00Z"),
      lookedSince: new Date("2011-05-20T00:00:00Z"),
      now: new Date("2011-06-03T00:00:00Z"),
    });
    expect(impact).toMatchObject({ services: [], changed: [] });
  });
});
