import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyPagerDutySignature } from "./verify-pagerduty-signature";

const SECRET = "pd-signing-secret-0123456789";
const BODY = Buffer.from('{"event":{"event_type":"incident.triggered"}}');
const sign = (body: Uint8Array, secret = SECRET) => createHmac("sha256", secret).update(body).digest("hex");

describe("verifyPagerDutySignature", () => {
  it("accepts the v1 HMAC-SHA256 of the raw body", () => {
    expect(verifyPagerDutySignature(BODY, `v1=${sign(BODY)}`, SECRET)).toEqual({ ok: true });
  });

  it("accepts any one of the signatures sent during a secret rotation, with or without blanks", () => {
    const old = `v1=${sign(BODY, "the-old-secret")}`;
    expect(verifyPagerDutySignature(BODY, `${old},v1=${sign(BODY)}`, SECRET).ok).toBe(true);
    expect(verifyPagerDutySignature(BODY, `v1=${sign(BODY)}, ${old}`, SECRET).ok).toBe(true);
  });

  it("takes the hex in either case (Base16)", () => {
    expect(verifyPagerDutySignature(BODY, `v1=${sign(BODY).toUpperCase()}`, SECRET).ok).toBe(true);
  });

  it("refuses a body changed after signing, and another secret", () => {
    const signature = `v1=${sign(BODY)}`;
    expect(verifyPagerDutySignature(Buffer.from(`${BODY.toString()} `), signature, SECRET)).toEqual({
      ok: false,
      reason: "X-PagerDuty-Signature: does not match the body",
    });
    expect(verifyPagerDutySignature(BODY, signature, `${SECRET}x`).ok).toBe(false);
  });

  it("skips other versions and says when no v1 signature is there", () => {
    const other = verifyPagerDutySignature(BODY, `v2=${sign(BODY)}`, SECRET);
    expect(other.ok ? "" : other.reason).toMatch(/must hold v1=/);
    expect(verifyPagerDutySignature(BODY, `v2=abc,v1=${sign(BODY)}`, SECRET).ok).toBe(true);
  });

  it.each([
    ["missing", null, /is missing/],
    ["empty", "", /is missing/],
    ["no prefix", sign(BODY), /must hold v1=/],
    ["short hex", `v1=${sign(BODY).slice(1)}`, /must hold v1=/],
    ["long hex", `v1=${sign(BODY)}0`, /must hold v1=/],
    ["not hex", `v1=${"g".repeat(64)}`, /must hold v1=/],
    [
      "too many",
      Array(11)
        .fill(`v1=${sign(BODY)}`)
        .join(","),
      /at most 10/,
    ],
  ])("refuses a %s header", (_, header, reason) => {
    const result = verifyPagerDutySignature(BODY, header, SECRET);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toMatch(reason);
  });

  it("refuses everything when no secret is configured", () => {
    expect(verifyPagerDutySignature(BODY, `v1=${sign(BODY, "")}`, "").ok).toBe(false);
  });
});
