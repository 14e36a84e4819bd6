import { describe, expect, it } from "vitest";
import { REDACTED, redactText, redactValue } from "./redact";

// Planted secrets of every kind the agent could meet in tags, span attributes, names and bills.
const AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const GITHUB = `ghp_${"A1b2C3d4E5".repeat(4)}`;
const GITHUB_FINE = `github_pat_${"11ABCDEFG0".repeat(4)}_xyz`;
const PEM =
  "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234567890abcdef\nqwerty==\n-----END RSA PRIVATE KEY-----";

const cases: [string, string, string][] = [
  ["an AWS access key id", `key ${AWS_KEY_ID} in a tag`, AWS_KEY_ID],
  ["an AWS secret key alone", `secret is ${AWS_SECRET} here`, AWS_SECRET],
  ["a bearer token", "Authorization: Bearer abcdef0123456789xyz", "abcdef0123456789xyz"],
  ["a password in a URL", "postgres://app:S3cr3t-pw@db.internal:5432/app", "S3cr3t-pw"],
  ["a password in an https URL", "https://deploy:hunter2hunter2@git.example.com/repo.git", "hunter2hunter2"],
  ["key=value", "db_password=hunter2 retries=3", "hunter2"],
  ["key: value", "api_key: abc123def456", "abc123def456"],
  ["a JSON pair", '{"client_secret": "s3cr3t value"}', "s3cr3t value"],
  ["a connection string", "Server=db;Database=x;User Id=sa;Password=Pa55w0rd!;", "Pa55w0rd!"],
  ["an Azure account key", "AccountName=x;AccountKey=abcDEF123+/==;EndpointSuffix=core", "abcDEF123+/=="],
  ["a private key", `cert:\n${PEM}\nend`, "MIIEpAIBAAKCAQEA1234567890abcdef"],
  ["a truncated private key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "MIIEvQIBADAN"],
  ["a JWT", `token ${JWT}`, "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"],
  ["a GitHub token", `GITHUB=${GITHUB}`, GITHUB],
  ["a fine-grained GitHub token", `use ${GITHUB_FINE}`, GITHUB_FINE],
  ["a Vigil key", "vgl_abcdefghijklmnop0123456789", "vgl_abcdefghijklmnop0123456789"],
  ["a Slack token", "xoxb-1234567890-abcdefghij", "xoxb-1234567890-abcdefghij"],
];

describe("redactText", () => {
  it.each(cases)("removes %s", (_label, text, secret) => {
    const { value, count } = redactText(text);
    expect(value).not.toContain(secret);
    expect(value).toContain(REDACTED);
    expect(count).toBeGreaterThan(0);
  });

  it("keeps the words around a secret, so the model still knows what was there", () => {
    expect(redactText("db_password=hunter2 retries=3").value).toBe(`db_password=${REDACTED} retries=3`);
    expect(redactText("postgres://app:pw123456@db:5432/x").value).toBe(`postgres://app:${REDACTED}@db:5432/x`);
  });

  it("leaves ordinary text alone", () => {
    const text = "author: alice, passed: 3, tokens used 1200, compass rose, aws_instance.web i-0abc123";
    expect(redactText(text)).toEqual({ value: text, count: 0 });
  });

  it("handles empty, NUL, lone surrogates and very long text without throwing", () => {
    expect(redactText("")).toEqual({ value: "", count: 0 });
    expect(redactText("a\0b\uD800c").value).toBe("a\0b\uD800c");
    const long = `${"x ".repeat(200_000)}password=${"y".repeat(10)}`;
    const started = performance.now();
    expect(redactText(long).value.endsWith(`password=${REDACTED}`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("does not count a value twice when two patterns meet", () => {
    const { value, count } = redactText(`Authorization: Bearer ${JWT}`);
    expect(value).not.toContain("eyJ");
    expect(count).toBe(1);
  });
});

describe("redactValue", () => {
  it("redacts every string of nested objects and arrays, and values under secret-looking keys", () => {
    const { value, count } = redactValue({
      tags: { Name: "web", db_password: "plain-words", apiKey: "k", owner: "team-a" },
      attributes: [{ "http.request.header.authorization": "Basic dXNlcjpwYXNz" }, { note: `id ${AWS_KEY_ID}` }],
      cost: 12.5,
      protected: true,
    });
    expect(value).toEqual({
      tags: { Name: "web", db_password: REDACTED, apiKey: REDACTED, owner: "team-a" },
      attributes: [{ "http.request.header.authorization": REDACTED }, { note: `id ${REDACTED}` }],
      cost: 12.5,
      protected: true,
    });
    expect(count).toBe(4);
  });

  it("keeps numbers, booleans and nulls under secret-looking keys (counts, flags)", () => {
    expect(redactValue({ token_count: 12, password_set: true, secret: null }).value).toEqual({
      token_count: 12,
      password_set: true,
      secret: null,
    });
  });

  it("stops at a depth no real record has, instead of overflowing the stack", () => {
    let deep: unknown = "password=x1";
    for (let i = 0; i < 10_000; i += 1) deep = [deep];
    expect(() => redactValue(deep)).not.toThrow();
    expect(JSON.stringify(redactValue(deep).value)).not.toContain("x1");
  });
});
