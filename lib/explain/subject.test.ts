import { describe, expect, it } from "vitest";
import { VigilError } from "@/lib/errors";
import { parseSubject } from "./subject";

const UUID = "0f8fad5b-d9cb-469f-a165-70867728950e";

function refusal(subject: unknown): VigilError {
  try {
    parseSubject(subject);
  } catch (err) {
    if (err instanceof VigilError) return err;
    throw err;
  }
  throw new Error(`${String(subject).slice(0, 40)} was accepted`);
}

describe("parseSubject", () => {
  it("reads each kind, lower-casing uuids so the cited id is the stored one", () => {
    expect(parseSubject(`anomaly:${UUID.toUpperCase()}`)).toEqual({
      kind: "anomaly",
      id: UUID,
      ref: `anomaly:${UUID}`,
    });
    expect(parseSubject(`drift:${UUID}`).ref).toBe(`drift:${UUID}`);
    expect(parseSubject(`zombie:${UUID}`).kind).toBe("zombie");
    expect(parseSubject(`policy-finding:${UUID}`).kind).toBe("policy-finding");
    expect(parseSubject("slo-alert:42")).toEqual({ kind: "slo-alert", id: "42", ref: "slo-alert:42" });
    expect(parseSubject("slo-alert:999999999999999999").id).toBe("999999999999999999");
  });

  it.each([
    ["empty", ""],
    ["too short", "a:"],
    ["601 characters", `anomaly:${"a".repeat(593)}`],
    ["a NUL", `anomaly:${UUID}\0`],
    ["a lone surrogate", `anomaly:${UUID}\uD800`],
    ["an unknown kind", `resource:${UUID}`],
    ["an evidence kind that is not a subject", `bill:${UUID}`],
    ["no colon", UUID],
    ["no kind", `:${UUID}`],
    ["a kind only", "anomaly:"],
    ["a non-uuid id", "anomaly:42"],
    ["a uuid with a tail", `zombie:${UUID}x`],
    ["SQL in the id", `drift:${UUID}' OR '1'='1`],
    ["an SLO alert id that is not a number", `slo-alert:${UUID}`],
    ["an SLO alert id of zero", "slo-alert:0"],
    ["an SLO alert id past bigint", `slo-alert:${"9".repeat(19)}`],
    ["a negative SLO alert id", "slo-alert:-1"],
    ["upper-case kind", `ANOMALY:${UUID}`],
  ])("refuses %s as a 400 naming the subject field", (_label, subject) => {
    const err = refusal(subject);
    expect(err.code).toBe("bad_request");
    expect(err.status).toBe(400);
    expect(err.details.field).toBe("subject");
    expect(err.message).toMatch(/^subject: /);
  });

  it.each([[undefined], [null], [42], [{ subject: `anomaly:${UUID}` }], [[`anomaly:${UUID}`]]])(
    "refuses %j, which is not text",
    (subject) => {
      expect(refusal(subject)).toMatchObject({ code: "bad_request", details: { field: "subject" } });
    },
  );
});
