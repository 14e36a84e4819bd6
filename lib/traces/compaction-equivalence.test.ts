import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { expectSameAfterCompaction } from "@/test/compaction-equivalence";
import { privateDatabaseForFile } from "@/test/private-database";
import { sendSpanDay } from "@/test/span-day";

// A generated day (test/span-day.ts: every attribute type, events, links, several services,
// traces across hours and midnight, errors, 5xx, missing roots, extra nanoseconds, late spans)
// answers every reader the same before and after compaction. Compaction moves every span of the
// database, so the file has a database of its own.

const url = privateDatabaseForFile("compaction_day");
const DAY_MS = 86_400_000;

const ATTRS = [
  "http.route:/checkout",
  "http.response.status_code:503",
  "http.status_code:500",
  "db.system:postgresql",
  "peer.service:day-payments",
  "vigil.feature:card-payments",
  "deployment.environment:prod",
  "user.id:user-3",
  "retry.first:true",
  "v.str:plain",
  "v.str.empty:",
  "v.int.max:9223372036854775807",
  "v.dbl.nan:NaN",
  "~tilde.key:stored literally or by id",
  "__proto__:a key like any other",
  "clé.ünïcode:ключ",
];

describe("compaction equivalence over a generated day", () => {
  it("answers every reader the same from blocks as from rows", async () => {
    const dayStart = Math.floor(Date.now() / DAY_MS) * DAY_MS - 2 * DAY_MS;
    await sendSpanDay(dayStart);
    const kinds = await pool().query<{ events: string; links: string; late: string; services: string; hours: string }>(
      `SELECT count(*) FILTER (WHERE events IS NOT NULL) AS events, count(*) FILTER (WHERE links IS NOT NULL) AS links,
              count(*) FILTER (WHERE start_time < $1) AS late, count(DISTINCT service) AS services,
              count(DISTINCT date_trunc('hour', start_time)) AS hours FROM span`,
      [new Date(dayStart)],
    );
    // The generator made what it promises (a generator that silently made less would prove less).
    expect(kinds.rows[0]).toMatchObject({ late: expect.not.stringMatching(/^0$/), services: "7" });
    expect(Number(kinds.rows[0].events)).toBeGreaterThan(100);
    expect(Number(kinds.rows[0].links)).toBeGreaterThan(100);
    expect(Number(kinds.rows[0].hours)).toBeGreaterThan(24);
    const { subjects, spans, before } = await expectSameAfterCompaction(url(), ATTRS);
    // Deploy detection found payments' second version at its first span (firstSpanAt answered).
    expect(before.deploys.detected).toContainEqual(expect.objectContaining({ service: "day-payments", version: "1.1.0" }));
    expect(subjects.traceIds.length).toBeGreaterThan(300);
    expect(spans).toBeGreaterThan(1500);
  }, 900_000);
});
