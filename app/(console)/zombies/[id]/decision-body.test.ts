import { describe, expect, it } from "vitest";
import { actionsFor, decisionBody, decisionFieldOf, tomorrow } from "./decision-body";

const values = { action: "approve" as const, reason: "idle for weeks", until: "2026-12-20", confirm: "preview-42" };

describe("the decision form", () => {
  it("offers only the decisions the finding's state allows", () => {
    expect(actionsFor({ status: "new", protected: false })).toEqual(["approve", "reject", "snooze"]);
    expect(actionsFor({ status: "snoozed", protected: true })).toEqual(["reject", "snooze"]);
    expect(actionsFor({ status: "planned", protected: false })).toEqual(["done"]);
    expect(actionsFor({ status: "verified", protected: false })).toEqual([]);
    expect(actionsFor({ status: "rejected", protected: false })).toEqual([]);
  });

  it("sends the typed name only for a second-approval approve, and the day only for a snooze", () => {
    expect(decisionBody(values, true)).toEqual({ action: "approve", reason: "idle for weeks", confirm: "preview-42" });
    expect(decisionBody(values, false)).toEqual({ action: "approve", reason: "idle for weeks" });
    expect(decisionBody({ ...values, action: "snooze" }, true)).toEqual({
      action: "snooze",
      reason: "idle for weeks",
      until: "2026-12-20T00:00:00Z",
    });
    expect(decisionBody({ ...values, action: "snooze", until: "" }, false)).toEqual({
      action: "snooze",
      reason: "idle for weeks",
    });
    expect(decisionBody({ ...values, action: "reject", reason: "" }, true)).toEqual({ action: "reject", reason: "" });
  });

  it("shows a refusal under the field it names, anything else above the buttons", () => {
    expect(decisionFieldOf("reason")).toBe("reason");
    expect(decisionFieldOf("confirm")).toBe("confirm");
    expect(decisionFieldOf("until")).toBe("until");
    expect(decisionFieldOf("action")).toBe("form");
    expect(decisionFieldOf(null)).toBe("form");
  });

  it("lets a snooze end no earlier than tomorrow (UTC)", () => {
    expect(tomorrow(new Date("2026-12-31T23:59:59Z"))).toBe("2027-01-01");
  });
});
