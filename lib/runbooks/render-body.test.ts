import { describe, expect, it } from "vitest";
import { MAX_BODY_CHARS, renderBody, SAMPLE_VARS } from "./render-body";
import { open, seal } from "./secret-box";

// The body template and the secret box as plain functions: values can not break out of their JSON
// strings, templates that could are refused with why, and a sealed secret opens only where it belongs.

const body = (template: string, vars = SAMPLE_VARS) => {
  const result = renderBody(template, vars);
  if ("error" in result) throw new Error(result.error);
  return JSON.parse(result.body) as Record<string, unknown>;
};

describe("renderBody", () => {
  it("fills an anomaly's fields, numbers unquoted, missing ones empty", () => {
    expect(body('{"svc": "{{service}}", "score": {{score}}, "end": "{{end}}", "none": "{{nothing}}"}')).toEqual({
      svc: "checkout-api",
      score: 8.5,
      end: "",
      none: "",
    });
  });

  it("keeps hostile values inside their strings", () => {
    const hostile = { ...SAMPLE_VARS, service: 'a","admin":true,"x":"\\\n\u0000\uD800</script>' };
    const parsed = body('{"service": "{{service}}"}', hostile);
    expect(Object.keys(parsed)).toEqual(["service"]);
    expect(parsed.service).toBe(hostile.service);
  });

  it("gives nothing for prototype names", () => {
    expect(body('{"a": "{{constructor}}", "b": "{{toString}}", "c": "{{__proto__}}"}')).toEqual({
      a: "",
      b: "",
      c: "",
    });
  });

  it("refuses templates that would send unescaped values or other templates", () => {
    for (const [template, reason] of [
      ['{"a": "{{{service}}}"}', /not allowed: values must be escaped/],
      ['{"a": "{{& service}}"}', /not allowed/],
      ['{"a": "{{#service}}{{{scope}}}{{/service}}"}', /not allowed/],
      ['{"a": "{{> other}}"}', /partials/],
    ] as const)
      expect(renderBody(template, SAMPLE_VARS), template).toEqual({ error: expect.stringMatching(reason) });
  });

  it("says why a template does not render or renders no JSON", () => {
    expect(renderBody('{"a": "{{service"}', SAMPLE_VARS)).toEqual({
      error: expect.stringMatching(/^does not render: Unclosed tag/),
    });
    expect(renderBody('{"a": "{{#x}}"}', SAMPLE_VARS)).toEqual({
      error: expect.stringMatching(/^does not render: Unclosed section/),
    });
    expect(renderBody('{"a": {{service}}}', SAMPLE_VARS)).toEqual({
      error: expect.stringMatching(/^does not render to valid JSON/),
    });
    expect(renderBody("", SAMPLE_VARS)).toEqual({ error: expect.stringMatching(/valid JSON/) });
    expect(renderBody("plain text", SAMPLE_VARS)).toEqual({ error: expect.stringMatching(/valid JSON/) });
  });

  it("refuses a body past its limit", () => {
    const long = { ...SAMPLE_VARS, service: "x".repeat(MAX_BODY_CHARS) };
    expect(renderBody('{"a": "{{service}}"}', long)).toEqual({ error: expect.stringMatching(/more than/) });
    expect(renderBody('{"a": "{{service}}"}', { ...long, service: "x".repeat(MAX_BODY_CHARS - 20) })).toHaveProperty(
      "body",
    );
  });
});

describe("secret box", () => {
  const runbook = "7f1b9d7e-2a51-4f4e-8d7c-0c3f0f6f1a01";

  it("opens what it sealed, for the same runbook and header in any case", () => {
    const box = seal("Bearer s3cr3t-token", runbook, "Authorization");
    expect(box).not.toContain("s3cr3t");
    expect(open(box, runbook, "authorization")).toBe("Bearer s3cr3t-token");
    expect(seal("Bearer s3cr3t-token", runbook, "Authorization")).not.toBe(box);
  });

  it("does not open for another runbook or header, altered, or malformed", () => {
    const box = seal("value", runbook, "X-Token");
    expect(open(box, "00000000-0000-4000-8000-000000000000", "X-Token")).toBeNull();
    expect(open(box, runbook, "X-Other")).toBeNull();
    const bytes = Buffer.from(box.slice(3), "base64url");
    bytes[bytes.length - 1] ^= 1;
    expect(open(`v1.${bytes.toString("base64url")}`, runbook, "X-Token")).toBeNull();
    for (const bad of ["", "v1.", "v2.abcd", "v1.AAAA", "nonsense"])
      expect(open(bad, runbook, "X-Token"), bad).toBeNull();
  });
});
