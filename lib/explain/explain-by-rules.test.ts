import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { validateProposal } from "@/lib/agent/validate-proposal";
import type { Ctx } from "@/lib/context";
import { roleCtx } from "@/test/factories";
import { AS_OF, type ExplainWorld, seedExplainWorld } from "@/test/explain-subjects";
import { privateDatabaseForFile } from "@/test/private-database";
import { explainByRules } from "./explain-by-rules";

// Each kind's rule-based explanation over real records passes the validator: the subject exists,
// every cited id is one Vigil holds, and no claim goes uncited. A private database: the bill is
// in March 2031 and the zombie settings must be the defaults.

privateDatabaseForFile("explain_rules");
const viewer = roleCtx("viewer");
let w: ExplainWorld;

beforeAll(async () => {
  w = await seedExplainWorld();
}, 60_000);

async function explainedAndValid(subject: string) {
  const explained = await explainByRules(viewer, subject, { asOf: AS_OF });
  const verdict = await validateProposal(viewer, { proposal: explained.answer, asOf: AS_OF });
  expect(verdict.checks.filter((c) => !c.passed)).toEqual([]);
  expect(verdict.status).toBe("valid");
  expect(verdict.uncited).toEqual([]);
  expect(verdict.checks.map((c) => c.name)).toEqual(["schema", "subject-exists", "evidence-exists", "cites-evidence"]);
  const { claims } = explained.answer;
  expect(claims.length).toBeGreaterThanOrEqual(2);
  expect(claims.length).toBeLessThanOrEqual(6);
  return { explained, cited: new Set(claims.flatMap((c) => c.citations)), texts: claims.map((c) => c.text) };
}

describe("rule-based explanations pass validation", () => {
  it("anomaly: cites the drift and the bill behind its changes, its earlier episode, not a drift since gone", async () => {
    const { explained, cited, texts } = await explainedAndValid(`anomaly:${w.anomaly}`);
    expect(explained.answer.subject).toBe(`anomaly:${w.anomaly}`);
    expect([...cited].sort()).toEqual(
      [`anomaly:${w.anomaly}`, `drift:${w.drift}`, `bill:${w.world.cloudId.web}`, `anomaly:${w.earlierAnomaly}`].sort(),
    );
    expect(texts[0]).toContain(`Error rate of ${w.service} in prod was above usual: 20% against an expected 1%`);
    expect(texts.some((t) => t.includes("a drift since deleted"))).toBe(true);
    expect(explained.evidenceIds).not.toContain(`drift:${w.ghostDrift}`);
    expect(explained.dataClass).toBe("telemetry");
    expect(explained.record).not.toHaveProperty("band");
  });

  it("SLO alert: cites the alert and the anomalies of its service that overlap it, and no other", async () => {
    const { cited, texts } = await explainedAndValid(`slo-alert:${w.sloAlert}`);
    expect(cited.has(`slo-alert:${w.sloAlert}`)).toBe(true);
    expect(cited.has(`anomaly:${w.anomaly}`)).toBe(true);
    expect(cited.has(`anomaly:${w.otherServiceAnomaly}`)).toBe(false);
    expect(cited.has(`anomaly:${w.earlierAnomaly}`)).toBe(false);
    expect(texts[1]).toBe(
      "The error budget was burning 20.5× the sustainable rate over 5m and 15.2× over 1h, where this alert allows 14.4×.",
    );
  });

  it("drift: cites the record and the inventoried address, and prices no size change it has no bill for", async () => {
    const { cited, texts } = await explainedAndValid(`drift:${w.drift}`);
    expect([...cited].sort()).toEqual([`drift:${w.drift}`, `resource:${w.world.address.web}`].sort());
    expect(texts[1]).toBe('What differs: instance_type "t3.small" → "t3.xlarge".');
    expect(texts).toContain(
      'Its size changed: instance_type changed from "t3.small" to "t3.xlarge"; Vigil has no bill from around the drift to price it.',
    );
  });

  it("zombie: cites the finding, its resource and its bill, with the saving and owner", async () => {
    const { cited, texts } = await explainedAndValid(`zombie:${w.zombie}`);
    expect([...cited].sort()).toEqual(
      [`zombie:${w.zombie}`, `resource:${w.world.address.volume}`, `bill:${w.world.cloudId.volume}`].sort(),
    );
    expect(texts).toContain("Tearing it down would save about 20 USD a month, from its bill.");
    expect(texts).toContain("It belongs to ana@example.com.");
  });

  it("policy finding: cites the finding and its resource, with the rule, why and the fix", async () => {
    const { cited, texts } = await explainedAndValid(`policy-finding:${w.policyFinding.toUpperCase()}`);
    expect([...cited].sort()).toEqual(
      [`policy-finding:${w.policyFinding}`, `resource:${w.world.address.policy}`].sort(),
    );
    expect(texts).toContain("To fix it: Name the actions and buckets the app needs.");
  });
});

describe("subjects that name nothing, or nobody may read", () => {
  it.each(["anomaly", "drift", "zombie", "policy-finding"])(
    "%s: an unknown uuid is a 404 naming the subject",
    async (kind) => {
      await expect(explainByRules(viewer, `${kind}:${randomUUID()}`)).rejects.toMatchObject({
        code: "not_found",
        status: 404,
        details: { field: "subject" },
      });
    },
  );

  it("slo-alert: an unknown id is a 404, a malformed one a 400", async () => {
    await expect(explainByRules(viewer, "slo-alert:999999999999999999")).rejects.toMatchObject({
      code: "not_found",
      details: { field: "subject" },
    });
    await expect(explainByRules(viewer, "slo-alert:1e3")).rejects.toMatchObject({ code: "bad_request" });
  });

  it("refuses a caller who may not read before reading anything", async () => {
    const ingest: Ctx = {
      actor: { kind: "api_key", id: randomUUID(), label: "ingest", role: null, scopes: ["ingest:traces"] },
      requestId: randomUUID(),
      sourceIp: null,
    };
    await expect(explainByRules(ingest, `anomaly:${w.anomaly}`)).rejects.toMatchObject({ code: "forbidden" });
    await expect(explainByRules(ingest, "not a subject")).rejects.toMatchObject({ code: "forbidden" });
  });
});
