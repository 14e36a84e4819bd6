import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { expectSameAfterCompaction } from "@/test/compaction-equivalence";
import { sendFixtures } from "@/test/compaction-fixtures";
import { privateDatabaseForFile } from "@/test/private-database";

// The repository's OTLP fixtures (OpenTelemetry's, Jaeger's, HyperDX's examples and Vigil's
// every-type request), received as JSON and as protobuf, answer every reader the same before and
// after compaction. Compaction moves every span of the database: a database of the file's own.

const url = privateDatabaseForFile("compaction_fixtures");
const DAY_MS = 86_400_000;

describe("compaction equivalence over the OTLP fixtures", () => {
  it("answers every reader the same from blocks as from rows", async () => {
    await sendFixtures(Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS);
    const sources = await pool().query<{ services: string }>("SELECT count(DISTINCT service) AS services FROM span");
    expect(Number(sources.rows[0].services)).toBeGreaterThanOrEqual(4);
    const { spans } = await expectSameAfterCompaction(url(), ["app.string:hél", "http.method:GET"]);
    expect(spans).toBeGreaterThan(10);
  }, 900_000);
});
