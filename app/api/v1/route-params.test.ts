import { beforeAll, describe, expect, it } from "vitest";
import { publicUrl } from "@/lib/env";
import { callRoute, paramsOf, sessionCookie } from "@/test/http-callers";
import { ROUTES, type RouteEntry } from "@/lib/http/routes";
import { sampleOf } from "@/test/route-samples";

// Every parameter of every /api/v1 route in lib/http/routes.ts, called through the real handler as
// a signed-in admin (who may call them all), with values that once reached PostgreSQL or the code
// after it unchecked. None may be a 5xx, and a 400 must say which parameter it refuses.

/** Hostile query values, as they appear in the URL (already percent-encoded). */
const QUERY_VALUES: Record<string, string> = {
  empty: "",
  nul: "a%00b",
  "lone surrogate": "%ED%A0%80",
  "10 KB": "x".repeat(10_000),
  "-1": "-1",
  zero: "0",
  "1e15": "1e15",
  "20 digits": "99999999999999999999",
  "1e400": "1e400",
  NaN: "NaN",
  "inherited name": "toString",
  "malformed date": "2026-13-45T99%3A99%3A99Z",
  "far date": "0001-01-01T00%3A00%3A00Z",
  "malformed cursor": "99999999999999999999%3Afff",
  "cursor past 9999": `99999999999999999999%3A${"f".repeat(32)}`,
};

/** Hostile path segments and JSON body values, as Next hands them to the handler (decoded). */
const TEXT_VALUES: Record<string, string> = {
  empty: "",
  nul: "a\0b",
  "lone surrogate": "\uD800",
  "10 KB": "x".repeat(10_000),
  "-1": "-1",
  "20 digits": "99999999999999999999",
  NaN: "NaN",
  "malformed cursor": "99999999999999999999:fff",
};
/** JSON numbers a body field may be sent as, written as the JSON text carries them. */
const NUMBER_LITERALS = ["-1", "0", "1e15", "99999999999999999999", "1e400"];

const walked = ROUTES.filter((entry) => entry.kind === "api" && entry.route.startsWith("/api/v1/"));

interface Call {
  label: string;
  field: string;
  path: string;
  params?: Record<string, string>;
  body?: string;
}

/** The route's sample URL with one query parameter set to a raw (encoded) value. */
function withQuery(entry: RouteEntry, name: string, raw: string): string {
  const url = new URL(sampleOf(entry).path ?? entry.route, "http://x");
  url.searchParams.delete(name);
  const rest = url.searchParams.toString();
  return `${url.pathname}?${rest ? `${rest}&` : ""}${name}=${raw}`;
}

function callsOf(entry: RouteEntry): Call[] {
  const path = sampleOf(entry).path ?? entry.route;
  const sample = sampleOf(entry).body?.();
  const body = typeof sample === "string" ? sample : sample === undefined ? undefined : JSON.stringify(sample);
  const calls: Call[] = [];
  for (const name of entry.query ?? []) {
    for (const [label, raw] of Object.entries(QUERY_VALUES))
      calls.push({ label: `?${name}= ${label}`, field: name, path: withQuery(entry, name, raw), body });
  }
  const segments = Object.keys(paramsOf(entry.route, path));
  for (const name of segments) {
    for (const [label, value] of Object.entries(TEXT_VALUES)) {
      calls.push({
        label: `[${name}] ${label}`,
        field: name,
        path,
        params: { ...paramsOf(entry.route, path), [name]: value },
        body,
      });
    }
  }
  if (sample && typeof sample === "object") {
    for (const name of Object.keys(sample)) {
      const values = [
        ...Object.values(TEXT_VALUES).map((value) => JSON.stringify(value)),
        ...NUMBER_LITERALS,
        "null",
        "[]",
        "{}",
      ];
      for (const literal of values) {
        const text = JSON.stringify({ ...sample, [name]: "__HOSTILE__" }).replace('"__HOSTILE__"', literal);
        calls.push({ label: `body ${name}=${literal.slice(0, 24)}`, field: name, path, body: text });
      }
    }
  }
  return calls;
}

describe("every parameter of every API route", () => {
  let admin: string;
  beforeAll(async () => {
    admin = await sessionCookie("admin");
  });

  it("walks every /api/v1 route of the table", () => {
    expect(walked.map((entry) => `${entry.method} ${entry.route}`)).toContain("GET /api/v1/traces");
    expect(walked.flatMap(callsOf).length).toBeGreaterThan(300);
  });

  for (const entry of walked) {
    it(
      `${entry.method} ${entry.route}: hostile values are a 4xx naming the parameter, never a 5xx`,
      { timeout: 120_000 },
      async () => {
        const problems: string[] = [];
        for (const call of callsOf(entry)) {
          const type = typeof sampleOf(entry).body?.() === "object" ? "application/json" : "text/plain";
          const headers = {
            cookie: admin,
            origin: publicUrl(),
            ...(call.body === undefined ? {} : { "content-type": type }),
          };
          const response = await callRoute(entry, { path: call.path, params: call.params, headers, body: call.body });
          const text = await response.text();
          if (response.status >= 500) problems.push(`${call.label}: ${response.status} ${text.slice(0, 200)}`);
          else if (response.status === 400) {
            const error = (JSON.parse(text) as { error: { message: string; field?: string } }).error;
            if (error.field !== call.field && !error.message.includes(call.field))
              problems.push(`${call.label}: 400 without naming ${call.field}: ${error.message}`);
          }
        }
        expect(problems).toEqual([]);
      },
    );
  }
});
