import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { applySloDir } from "@/lib/slo/apply-slo-dir";
import { updateSlo } from "@/lib/slo/update-slo";
import { callHandler, sessionCookie } from "@/test/http-callers";
import { privateDatabaseForFile } from "@/test/private-database";
import { GET as exportRoute } from "./[id]/export/route";
import { POST as importRoute } from "./import/route";

// Specs in and out through the real routes and PostgreSQL, and the SLO folder applied as the worker does.

privateDatabaseForFile("slo_specs");
const SLOTH = readFileSync(
  path.join(import.meta.dirname, "../../../../lib/slo/specs/testdata/sloth-getting-started.yml"),
  "utf8",
);
const post = (cookie: string, body: string, query = "") =>
  callHandler(importRoute, `/api/v1/slos/import${query}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/yaml" },
    body,
  });

describe("POST /api/v1/slos/import and GET /api/v1/slos/{id}/export", () => {
  it("imports Sloth's getting-started spec after a dry run, exports it as OpenSLO, and a re-import changes nothing", async () => {
    const sre = await sessionCookie("sre");
    const dry = await post(sre, SLOTH, "?dryRun=true&file=getting-started.yml");
    expect(dry.status).toBe(200);
    const planned = (await dry.json()) as {
      applied: boolean;
      plan: { create: { name: string; mapping: { to: string } }[] };
    };
    expect(planned.applied).toBe(false);
    expect(planned.plan.create.map((c) => c.name)).toEqual(["myservice-requests-availability"]);
    expect((await pool().query("SELECT 1 FROM slo")).rowCount).toBe(0);

    const applied = await post(sre, SLOTH, "?file=getting-started.yml");
    expect(applied.status).toBe(201);
    const { rows } = await pool().query<{
      id: string;
      definition: { objectivePercent: number; alerting: { name: string } };
    }>("SELECT id::text, definition FROM slo WHERE name = 'myservice-requests-availability'");
    expect(rows[0].definition).toMatchObject({ objectivePercent: 99.9, alerting: { name: "MyServiceHighErrorRate" } });

    const exported = await callHandler(
      exportRoute,
      `/api/v1/slos/${rows[0].id}/export?format=openslo`,
      { headers: { cookie: sre } },
      { id: rows[0].id },
    );
    expect(exported.status).toBe(200);
    const yaml = await exported.text();
    expect(yaml).toContain("apiVersion: openslo/v1");
    const again = await post(sre, yaml, "?file=exported.yaml");
    expect(again.status).toBe(200);
    expect(((await again.json()) as { plan: { unchanged: string[] } }).plan.unchanged).toEqual([
      "myservice-requests-availability",
    ]);
    const sloth = await callHandler(
      exportRoute,
      `/api/v1/slos/${rows[0].id}/export?format=sloth`,
      { headers: { cookie: sre } },
      { id: rows[0].id },
    );
    expect(await sloth.text()).toMatch(/^version: "?prometheus\/v1"?$/m);
    const bad = await callHandler(
      exportRoute,
      `/api/v1/slos/${rows[0].id}/export?format=xml`,
      { headers: { cookie: sre } },
      { id: rows[0].id },
    );
    expect(bad.status).toBe(400);
  });

  it("refuses a spec that does not validate with a 400 naming its line and field, applying nothing", async () => {
    const sre = await sessionCookie("sre");
    const broken = SLOTH.replace("objective: 99.9", "objective: 100").replace(
      'name: "requests-availability"',
      'name: "other"',
    );
    const response = await post(sre, broken, "?file=broken.yml");
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string; field: string; findings: unknown[] } };
    expect(error.message).toMatch(/^broken\.yml line \d+, .*objective/);
    expect(error.findings.length).toBeGreaterThan(0);
    expect((await pool().query("SELECT 1 FROM slo WHERE name = 'myservice-other'")).rowCount).toBe(0);
    for (const body of ["", "\u0000", "a: [", "\uD800"])
      expect((await post(sre, body)).status, JSON.stringify(body)).toBe(400);
    expect((await post(await sessionCookie("viewer"), SLOTH)).status).toBe(403);
  });
});

describe("the SLO folder (VIGIL_SLO_DIR)", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "vigil-slo-dir-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ctx = systemCtx("slo-dir");
  const spec = (service: string) =>
    SLOTH.replaceAll('service: "myservice"', `service: "${service}"`).replace(
      "MyServiceHighErrorRate",
      `${service}-alert`,
    );

  it("applies every good file, names the bad one, keeps a broken file's SLOs, removes a deleted file's, and its SLOs are read-only", async () => {
    writeFileSync(path.join(dir, "cards.yaml"), spec("cards"));
    writeFileSync(path.join(dir, "ledger.yml"), spec("ledger"));
    writeFileSync(path.join(dir, "broken.yaml"), "version: prometheus/v1\nslos: [");
    const plan = await applySloDir(ctx, { dir, dryRun: true });
    expect(plan.plan.create.sort()).toEqual(["cards-requests-availability", "ledger-requests-availability"]);
    expect(plan.plan.findings.filter((f) => f.severity === "error").map((f) => f.file)).toEqual(
      [path.join(dir, "broken.yaml")].map((f) => expect.stringContaining(path.basename(f))),
    );
    const first = await applySloDir(ctx, { dir });
    expect(first.applied).toBe(true);
    const { rows } = await pool().query<{ id: string; source_file: string }>(
      "SELECT id::text, source_file FROM slo WHERE name = 'cards-requests-availability'",
    );
    expect(rows[0].source_file).toContain("cards.yaml");
    await expect(updateSlo(ctx, rows[0].id, { objectivePercent: 99 })).rejects.toThrow(/defined in .*cards\.yaml/);

    // Nothing changed: nothing to do. Then ledger's file breaks (kept) and cards' is deleted (removed).
    expect((await applySloDir(ctx, { dir })).applied).toBe(false);
    writeFileSync(path.join(dir, "ledger.yml"), "version: prometheus/v1\nslos: [");
    rmSync(path.join(dir, "cards.yaml"));
    const second = await applySloDir(ctx, { dir });
    expect(second.plan.remove).toEqual(["cards-requests-availability"]);
    const names = await pool().query<{ name: string }>(
      "SELECT name FROM slo WHERE source_file IS NOT NULL ORDER BY name",
    );
    expect(names.rows.map((r) => r.name)).toEqual(["ledger-requests-availability"]);
  });
});
