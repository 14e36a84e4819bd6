import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { privateDatabaseForFile } from "@/test/private-database";
import { createSlo } from "./create-slo";
import { evaluateSlos } from "./evaluate-slos";

// One SLO that can not be evaluated never stops the others, and is named with why.

privateDatabaseForFile("slo_evaluate_failure");
const ctx = systemCtx("test");

describe("an SLO that can not be evaluated", () => {
  it("is named in the run with why, and every other SLO is still evaluated and stored", async () => {
    const base = { service: "pay-api", sli: { type: "availability" }, objectivePercent: 99.5, window: "30d" } as const;
    const good = [];
    for (const name of ["first", "second", "third"]) good.push(await createSlo(ctx, { ...base, name }));
    const bad = await createSlo(ctx, { ...base, name: "broken" });
    // A definition as an older Vigil, or a hand edit, could have left it.
    await pool().query(`UPDATE slo SET definition = jsonb_set(definition, '{window}', '"45d"') WHERE id = $1`, [
      bad.id,
    ]);

    const run = await evaluateSlos(ctx, new Date("2026-11-20T10:37:30Z"));

    expect(run.failed).toEqual([
      { slo: "broken", error: expect.stringMatching(/^stored definition is invalid: window: /) },
    ]);
    expect(run.evaluated).toBe(3);
    const statuses = await pool().query<{ id: string }>("SELECT slo_id::text AS id FROM slo_status ORDER BY slo_id");
    expect(statuses.rows.map((r) => r.id)).toEqual(good.map((g) => g.id));
  });
});
