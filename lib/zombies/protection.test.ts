import { describe, expect, it } from "vitest";
import { resource } from "@/lib/zombies/rules/evidence-builders";
import { globMatch, needsSecondApproval, protectionOf } from "@/lib/zombies/protection";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});

describe("protectionOf", () => {
  it("protects production unless the rule is unambiguous", () => {
    const prod = resource({ environment: "Production" });
    expect(protectionOf(prod, "idle-compute", defaults)).toEqual({
      protected: true,
      reason: "production environment Production",
    });
    expect(protectionOf(prod, "no-traffic", defaults).protected).toBe(true);
    for (const rule of ["unattached-volume", "unassociated-ip", "expired"] as const)
      expect(protectionOf(prod, rule, defaults).protected).toBe(false);
    expect(protectionOf(resource({ tags: { env: "prd" } }), "idle-database", defaults).protected).toBe(true);
    expect(protectionOf(resource({ environment: "staging" }), "idle-compute", defaults).protected).toBe(false);
  });

  it("the protect tag protects with any value but false, whatever the rule", () => {
    for (const value of ["true", "", "yes", "reason: batch"])
      expect(protectionOf(resource({ tags: { "vigil-protect": value } }), "expired", defaults).protected).toBe(true);
    expect(protectionOf(resource({ tags: { "Vigil-Protect": "1" } }), "expired", defaults).protected).toBe(true);
    expect(protectionOf(resource({ tags: { "vigil-protect": "FALSE " } }), "expired", defaults).protected).toBe(false);
  });

  it("allow rules match on every given field", () => {
    const t = parseThresholds({
      allow: [
        { name: "batch", tag: { key: "team", value: "data" }, kind: "ec2-instance" },
        { name: "golden images", resourceId: "snap-golden-*", rules: ["old-snapshot"] },
        { name: "qa boxes", environment: "qa" },
      ],
    });
    expect(protectionOf(resource({ tags: { team: "data" } }), "idle-compute", t)).toEqual({
      protected: true,
      reason: 'allow rule "batch"',
    });
    expect(protectionOf(resource({ tags: { team: "web" } }), "idle-compute", t).protected).toBe(false);
    expect(protectionOf(resource({ kind: "ebs-volume", tags: { team: "data" } }), "idle-compute", t).protected).toBe(
      false,
    );
    const snap = resource({ kind: "ebs-snapshot", resourceId: "snap-golden-2024" });
    expect(protectionOf(snap, "old-snapshot", t).protected).toBe(true);
    expect(protectionOf(snap, "expired", t).protected).toBe(false);
    expect(protectionOf(resource({ environment: "QA" }), "idle-environment", t).protected).toBe(true);
  });

  it("rejects an allow rule that matches nothing in particular", () => {
    expect(() => parseThresholds({ allow: [{ name: "everything" }] })).toThrow(/at least one of/);
  });
});

describe("globMatch", () => {
  it("matches * and ? and nothing else specially", () => {
    expect(globMatch("i-*", "i-0abc")).toBe(true);
    expect(globMatch("i-0ab?", "i-0abc")).toBe(true);
    expect(globMatch("i-0ab?", "i-0abcd")).toBe(false);
    expect(globMatch("*", "")).toBe(true);
    expect(globMatch("a.c", "abc")).toBe(false);
    expect(globMatch("arn:*:db:*", "arn:aws:rds:eu-west-1:1:db:orders")).toBe(true);
  });

  it("stays fast on a pattern built to backtrack", () => {
    const started = performance.now();
    expect(globMatch(`${"*a".repeat(1000)}b`, "a".repeat(2000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("needsSecondApproval", () => {
  it("production environments and anything named like prod", () => {
    expect(needsSecondApproval(resource({ environment: "live" })).required).toBe(true);
    expect(needsSecondApproval(resource({ name: "orders-PROD-db" }))).toEqual({
      required: true,
      reason: 'name contains "prod"',
    });
    expect(needsSecondApproval(resource({ tags: { stage: "preprod" } })).required).toBe(true);
    expect(needsSecondApproval(resource({ tags: { production: "" } })).required).toBe(true);
    expect(needsSecondApproval(resource({ environment: "dev", name: "web", tags: { team: "a" } })).required).toBe(
      false,
    );
  });
});
