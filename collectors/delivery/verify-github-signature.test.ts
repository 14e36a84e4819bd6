import { describe, expect, it } from "vitest";
import { verifyGitHubSignature } from "./verify-github-signature";

// GitHub's documented test vector (docs.github.com, "Validating webhook deliveries"):
// secret "It's a Secret to Everybody", payload "Hello, World!".
const SECRET = "It's a Secret to Everybody";
const BODY = Buffer.from("Hello, World!");
const SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

describe("verifyGitHubSignature", () => {
  it("accepts GitHub's documented example", () => {
    expect(verifyGitHubSignature(BODY, SIGNATURE, SECRET)).toEqual({ ok: true });
  });

  it("checks the raw bytes, not a re-serialisation", () => {
    expect(verifyGitHubSignature(Buffer.from("Hello, World! "), SIGNATURE, SECRET).ok).toBe(false);
    expect(verifyGitHubSignature(Buffer.from("Hello, World!\n"), SIGNATURE, SECRET).ok).toBe(false);
  });

  it("refuses another secret", () => {
    expect(verifyGitHubSignature(BODY, SIGNATURE, "It's a Secret to Everybody!")).toEqual({
      ok: false,
      reason: "X-Hub-Signature-256: does not match the body",
    });
  });

  it("refuses without a configured secret, whatever the header", () => {
    expect(verifyGitHubSignature(BODY, SIGNATURE, "").ok).toBe(false);
  });

  it.each([
    ["missing", undefined],
    ["null", null],
    ["empty", ""],
    ["sha1 form", "sha1=757107ea0eb2509fc211221cce984b8a37570b6d"],
    ["no prefix", SIGNATURE.slice(7)],
    ["upper-case hex", SIGNATURE.toUpperCase()],
    ["one digit short", SIGNATURE.slice(0, -1)],
    ["one digit long", `${SIGNATURE}0`],
    ["trailing space", `${SIGNATURE} `],
    ["not hex", `sha256=${"z".repeat(64)}`],
    ["NUL", `${SIGNATURE.slice(0, -1)}\0`],
    ["lone surrogate", `${SIGNATURE.slice(0, -1)}\uD800`],
    ["huge", `sha256=${"a".repeat(100_000)}`],
    ["one bit off", `${SIGNATURE.slice(0, -1)}6`],
  ])("refuses a %s header", (_why, header) => {
    const result = verifyGitHubSignature(BODY, header, SECRET);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^(X-Hub-Signature-256: )/);
  });
});
