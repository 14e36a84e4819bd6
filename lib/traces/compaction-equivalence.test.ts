import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { captureAll, captureTraces } from "@/test/compaction-capture";
import { compactBetweenCaptures, type Equivalence, expectSameCapture } from "@/test/compaction-equivalence";
import { compactEverything } from "@/test/compaction-run";
import { asOwner, privateDatabaseForFile } from "@/test/private-database";
import { type SpanDay, sendSpanDay } from "@/test/span-day";

// A generated day (test/span-day.ts: every attribute type, events, links, several services,
// traces across hours and midnight, errors, 5xx, missing roots, extra nanoseconds, late spans)
// answers every reader the same before and after compaction, and after a span is re-sent once
// its first copy was compacted. Compaction moves every span of the database, so the file has a
// database of its own; its tests run in order over it.

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

const count = async (sql: string) => Number((await pool().query(sql)).rows[0].count);

let day: SpanDay;
let done: Equivalence;

describe("compaction equivalence over a generated day", () => {
  it("answers every reader the same from blocks as from rows", async () => {
    const dayStart = Math.floor(Date.now() / DAY_MS) * DAY_MS - 2 * DAY_MS;
    day = await sendSpanDay(dayStart);
    const kinds = await pool().query<{ events: string; links: string; late: string; services: string; hours: string }>(
      `SELECT count(*) FILTER (WHERE events IS NOT NULL) AS events, count(*) FILTER (WHERE links IS NOT NULL) AS links,
              count(*) FILTER (WHERE start_time < $1) AS late, count(DISTINCT service) AS services,
              count(DISTINCT date_trunc('hour', start_time)) AS hours FROM span`,
      [new Date(dayStart)],
    );
    // The generator made what it promises (a generator that silently made less would prove less).
    expect(kinds.rows[0].services).toBe(String(day.services.length));
    expect(Number(kinds.rows[0].late)).toBeGreaterThan(0);
    expect(Number(kinds.rows[0].events)).toBeGreaterThan(100);
    expect(Number(kinds.rows[0].links)).toBeGreaterThan(100);
    expect(Number(kinds.rows[0].hours)).toBeGreaterThan(24);
    done = await compactBetweenCaptures(url(), ATTRS);
    expect(done.subjects.traceIds.length).toBeGreaterThan(300);
    expect(done.spans).toBeGreaterThan(1500);
    // Deploy detection found payments' second version at its first span (firstSpanAt answered).
    expect(done.before.deploys.detected).toContainEqual(
      expect.objectContaining({ service: "day-payments", version: "1.1.0" }),
    );
    expectSameCapture(done.after, done.before);
  }, 900_000);

  it("shows a trace the same when its compacted spans are sent again, and compacts the copies away", async () => {
    await day.resend();
    // The re-sent copies are rows again (the row key no longer stops them). Trace by id drops a
    // copy at once; search, the chart and rollups count it until the next compaction drops it
    // (README, Span storage), which is what comes next.
    const resent = await count("SELECT count(*) FROM span");
    expect(resent).toBeGreaterThan(0);
    expect(await captureTraces(done.subjects.traceIds)).toEqual(done.before.traces);
    const again = await compactEverything(done.subjects.window.to);
    expect(again).toMatchObject({ blockSpans: done.spans, rowsLeft: 0 });
    expectSameCapture(await captureAll(done.subjects, url()), done.before);
  }, 900_000);

  it("would see a block whose bytes are damaged (the comparison can fail)", async () => {
    const { rows } = await pool().query<{ id: string }>(
      "SELECT id::text FROM span_block ORDER BY span_count DESC LIMIT 1",
    );
    await asOwner(
      url(),
      `UPDATE span_block SET core = overlay(core PLACING '\\xdeadbeefdeadbeef'::bytea FROM 9) WHERE id = ${rows[0].id}`,
    );
    const damaged = await captureTraces(done.subjects.traceIds);
    expect(damaged).not.toEqual(done.before.traces);
  }, 300_000);
});
