import { describe, expect, it } from "vitest";
import { verifyGitLabToken } from "./verify-gitlab-token";

const TOKEN = "gitlab-secret-token-0123456789";

describe("verifyGitLabToken", () => {
  it("accepts the configured token", () => {
    expect(verifyGitLabToken(TOKEN, TOKEN)).toEqual({ ok: true });
  });

  it.each([
    ["missing", undefined, /is missing/],
    ["null", null, /is missing/],
    ["empty", "", /is missing/],
    ["one character short", TOKEN.slice(0, -1), /does not match/],
    ["one character long", `${TOKEN}0`, /does not match/],
    ["another case", TOKEN.toUpperCase(), /does not match/],
    ["padded", ` ${TOKEN}`, /does not match/],
    ["a prefix", TOKEN.slice(0, 4), /does not match/],
    ["very long", TOKEN.repeat(10_000), /does not match/],
  ])("refuses a token %s, naming X-Gitlab-Token", (_, header, reason) => {
    const check = verifyGitLabToken(header, TOKEN);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(/^X-Gitlab-Token: /);
    expect(!check.ok && check.reason).toMatch(reason);
  });

  it("refuses everything when no token is configured, even an empty header", () => {
    expect(verifyGitLabToken("", "").ok).toBe(false);
    expect(verifyGitLabToken(TOKEN, "").ok).toBe(false);
  });

  it("compares a token beyond ASCII as the UTF-8 bytes GitLab sends (a header is one character per byte)", () => {
    const asSent = (token: string) => Buffer.from(token, "utf8").toString("latin1");
    expect(verifyGitLabToken(asSent("clé-✓"), "clé-✓").ok).toBe(true);
    expect(verifyGitLabToken(asSent("cle-✓"), "clé-✓").ok).toBe(false);
    expect(verifyGitLabToken("clé-✓", "clé-✓").ok).toBe(false);
  });
});
