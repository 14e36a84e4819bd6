import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { loadDemoTraces } from "@/lib/demo/demo-traces";
import { expectSameAfterCompaction } from "@/test/compaction-equivalence";
import { privateDatabaseForFile } from "@/test/private-database";

// The demo's day of raw spans (what a new install shows, and what the worker will compact first)
// answers every reader the same before and after compaction. The demo is loaded as of three hours
// ago so every span is old enough to compact; compaction moves every span: a database of its own.
// Its thousands of traces make the walk long: fewer pages than elsewhere, and 400 of its traces by id.

const url = privateDatabaseForFile("compaction_demo");

describe("compaction equivalence over the demo", () => {
  it("answers every reader the same from blocks as from rows", async () => {
    const loaded = await loadDemoTraces(systemCtx("test"), Date.now() - 3 * 3_600_000, 24, 0);
    expect(loaded.spans).toBeGreaterThan(10_000);
    const { spans } = await expectSameAfterCompaction(
      url(),
      ["http.route:/v1/payments", "vigil.feature:card-payments", "http.response.status_code:500"],
      { pages: 3, limits: [50], traces: 400 },
    );
    expect(spans).toBe(loaded.spans);
  }, 900_000);
});
