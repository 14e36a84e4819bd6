import type { NextConfig } from "next";
import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { describe, expect, it } from "vitest";
// @ts-expect-error next.config.js is plain JavaScript, typed by its JSDoc only
import rawConfig from "@/next.config.js";

const nextConfig = rawConfig as NextConfig;

// next.config.js's headers() as Next.js applies them: the rules whose source matches a path.
async function headersFor(path: string): Promise<Record<string, string>> {
  const rules = (await nextConfig.headers?.()) ?? [];
  const matched = rules.filter((rule) => getPathMatch(rule.source)(path) !== false);
  return Object.fromEntries(
    matched.flatMap((rule) => rule.headers.map((header) => [header.key.toLowerCase(), header.value])),
  );
}

function directives(policy: string): Record<string, string> {
  return Object.fromEntries(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(" ")]),
  );
}

describe("security headers", () => {
  it.each([
    "/",
    "/sign-in",
    "/costs/features/card-payments",
    "/api/v1/me",
    "/api/auth/sign-in/email",
    "/api/demo/sign-in",
  ])("are sent for %s", async (path) => {
    const headers = await headersFor(path);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["permissions-policy"]).toMatch(/camera=\(\)/);
    expect(directives(headers["content-security-policy"] ?? "")).toMatchObject({
      "default-src": "'self'",
      "script-src": "'self' 'unsafe-inline'",
      "style-src": "'self' 'unsafe-inline'",
      "img-src": "'self' data:",
      "connect-src": "'self'",
      "frame-ancestors": "'none'",
      "base-uri": "'self'",
      "form-action": "'self'",
    });
  });
});
