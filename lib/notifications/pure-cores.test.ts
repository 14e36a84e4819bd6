import { describe, expect, it } from "vitest";
import { testNotice } from "@/test/notification-hooks";
import { BACKOFF_MS, MAX_ATTEMPTS, nextStep, retryAfterMs, type SendResult } from "./backoff";
import { dedupKey } from "./format-pagerduty";
import { escapeSlack } from "./format-slack";
import { routes, silences } from "./routing";

const failed = (retryable: boolean): SendResult => ({ ok: false, retryable, status: 503, error: "x", durationMs: 1 });
const at = new Date("2026-12-06T12:00:00.000Z");

describe("backoff", () => {
  it("waits 30 s, 2 min, 10 min, 30 min, 2 h after attempts 1..5 and gives up after the 6th", () => {
    const waits = [1, 2, 3, 4, 5].map((n) => nextStep(failed(true), n, at).nextAttemptAt!.getTime() - at.getTime());
    expect(waits).toEqual([30_000, 120_000, 600_000, 1_800_000, 7_200_000]);
    expect(MAX_ATTEMPTS).toBe(BACKOFF_MS.length + 1);
    expect(nextStep(failed(true), 6, at)).toEqual({ outcome: "failed", nextAttemptAt: null });
  });

  it("never retries what is not retryable, nor a test delivery", () => {
    expect(nextStep(failed(false), 1, at).outcome).toBe("failed");
    expect(nextStep(failed(true), 1, at, { retries: false }).outcome).toBe("failed");
    expect(nextStep({ ...failed(false), ok: true, status: 200, error: null }, 3, at)).toEqual({
      outcome: "sent",
      nextAttemptAt: null,
    });
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates, ignores the unreadable, and never waits past the longest backoff", () => {
    expect(retryAfterMs("120", at.getTime())).toBe(120_000);
    expect(retryAfterMs("Sun, 06 Dec 2026 12:05:00 GMT", at.getTime())).toBe(300_000);
    expect(retryAfterMs("soon", at.getTime())).toBeUndefined();
    expect(retryAfterMs(null, at.getTime())).toBeUndefined();
    const step = nextStep({ ...failed(true), retryAfterMs: 86_400_000 }, 1, at);
    expect(step.nextAttemptAt!.getTime() - at.getTime()).toBe(7_200_000);
    const shorter = nextStep({ ...failed(true), retryAfterMs: 1_000 }, 2, at);
    expect(shorter.nextAttemptAt!.getTime() - at.getTime()).toBe(120_000);
  });
});

describe("routing and silences", () => {
  const notice = testNotice("checkout", { team: "payments", severity: "ticket" });
  it("needs every rule that is set to match; an empty rule matches anything", () => {
    expect(routes({ services: [], teams: [], severities: [] }, notice)).toBe(true);
    expect(routes({ services: ["checkout", "cart"], teams: [], severities: [] }, notice)).toBe(true);
    expect(routes({ services: ["checkout"], teams: ["search"], severities: [] }, notice)).toBe(false);
    expect(routes({ services: [], teams: [], severities: ["page"] }, notice)).toBe(false);
    expect(routes({ services: ["checkout"], teams: [], severities: [] }, { ...notice, service: null })).toBe(false);
  });

  it("silences only what every set matcher names", () => {
    const none = { services: [], teams: [], severities: [], keys: [] };
    expect(silences({ ...none, keys: [notice.key] }, notice)).toBe(true);
    expect(silences({ ...none, keys: [notice.key], severities: ["page"] }, notice)).toBe(false);
    expect(silences({ ...none, teams: ["payments"] }, notice)).toBe(true);
    expect(silences({ ...none, teams: ["payments"] }, { ...notice, team: null })).toBe(false);
  });
});

describe("formats", () => {
  it("escapes Slack's control characters", () => {
    expect(escapeSlack("<!channel> & <@U1>")).toBe("&lt;!channel&gt; &amp; &lt;@U1&gt;");
  });
  it("keeps PagerDuty dedup keys up to 255 characters as they are", () => {
    expect(dedupKey("k".repeat(255))).toBe("k".repeat(255));
    expect(dedupKey("k".repeat(256))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
