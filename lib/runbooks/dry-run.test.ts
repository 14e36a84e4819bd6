import { afterAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { insertAnomaly, runbookInput } from "@/test/runbooks";
import { createRunbook } from "./create-runbook";
import { dryRun } from "./dry-run";
import { SAMPLE_VARS } from "./render-body";
import { refusal } from "@/test/refusal";

// The editor's dry run: without an anomaly it renders the saved runbook for the sample one the
// template was checked with when saved; a named anomaly must be a real one; nothing is ever sent.

afterAll(closeDb);
const admin = roleCtx("admin");
const sre = roleCtx("sre");

describe("a dry run from the editor", () => {
  it("renders the sample anomaly when none is named, secrets redacted", async () => {
    const runbook = await createRunbook(admin, runbookInput("https://automation.example.com/rollback"));
    const request = await dryRun(sre, runbook.id, {});
    expect(request).toMatchObject({ method: "POST", url: "https://automation.example.com/rollback" });
    expect(request.headers).toEqual([
      { name: "X-Team", value: "payments" },
      { name: "Authorization", value: "[secret]" },
    ]);
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ service: SAMPLE_VARS.service, env: SAMPLE_VARS.environment, score: 8.5 });
  });

  it("renders a named anomaly, and refuses ids that are no anomaly or no text", async () => {
    const service = uniqueName("svc");
    const anomaly = await insertAnomaly(service, "staging");
    const runbook = await createRunbook(
      admin,
      runbookInput("https://automation.example.com/x", { services: [service] }),
    );
    expect(JSON.parse((await dryRun(sre, runbook.id, { anomalyId: anomaly })).body).service).toBe(service);
    const bad: [unknown, string, string | null][] = [
      [{ anomalyId: "" }, "bad_request", "anomalyId"],
      [{ anomalyId: "x".repeat(101) }, "bad_request", "anomalyId"],
      [{ anomalyId: "a\0b" }, "bad_request", "anomalyId"],
      [{ anomalyId: "\ud800" }, "bad_request", "anomalyId"],
      [{ anomalyId: 42 }, "bad_request", "anomalyId"],
      [{ anomalyId: null }, "bad_request", "anomalyId"],
      [{ anomalyId: anomaly, extra: true }, "bad_request", null],
      [[], "bad_request", null],
      [{ anomalyId: "00000000-0000-4000-8000-000000000000" }, "not_found", null],
      [{ anomalyId: "not-a-uuid" }, "not_found", null],
    ];
    for (const [input, code, field] of bad)
      expect(await refusal(dryRun(sre, runbook.id, input)), JSON.stringify(input)).toMatchObject({ code, field });
    expect(await refusal(dryRun(roleCtx("viewer"), runbook.id, {}))).toMatchObject({ code: "forbidden" });
    expect(await refusal(dryRun(sre, "no-such-runbook", {}))).toMatchObject({ code: "not_found" });
  });
});
