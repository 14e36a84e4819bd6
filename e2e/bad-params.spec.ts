import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";

// URLs with parameters that once crashed the render (NUL, bad encoding, huge numbers, inherited
// names): a path that can not name anything is a 404, a bad search parameter is said on the page.
// Server-rendered pages, so an admin's HTTP session is enough: no browser is needed to see them.

let admin: APIRequestContext;

test.beforeAll(async ({ baseURL }) => {
  admin = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL as string } });
  const signIn = await admin.post("/api/demo/sign-in", { form: { role: "admin" }, maxRedirects: 0 });
  expect(signIn.status()).toBe(303);
});

test.afterAll(async () => {
  await admin.dispose();
});

test("a path segment that can not be a name is a 404, not an error page", async () => {
  for (const path of [
    "/services/a%00b",
    "/costs/features/a%00b",
    `/costs/features/${"x".repeat(300)}`,
    "/traces/a%00b",
  ]) {
    await test.step(path, async () => {
      const response = await admin.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(404);
    });
  }
});

test("a path that is not valid percent-encoded UTF-8 is a 400 naming the path, not Next.js's bare 500", async () => {
  for (const path of ["/services/%E0%A4%A", "/services/%ED%A0%80", "/api/v1/traces/%FF"]) {
    await test.step(path, async () => {
      const response = await admin.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(400);
      expect((await response.json()).error.field, path).toBe("path");
    });
  }
});

test("a bad search parameter is named on the page, which still renders", async () => {
  const named: [string, RegExp][] = [
    ["/costs/inventory?page=99999999999999", /page: must be a whole number from 0 to/],
    ["/costs/inventory?q=a%00b", /q: must not contain NUL/],
    ["/traces?cursor=99999999999999999999:fff", /cursor: is not a cursor from this API/],
    ["/traces?minDurationMs=1e15", /minDurationMs: must be a number/],
    ["/traces?service=a%00b", /service: must not contain NUL/],
    ["/traces?attr=k:v%00x", /attr: must not contain NUL/],
  ];
  for (const [path, message] of named) {
    await test.step(path, async () => {
      const response = await admin.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(200);
      const html = await response.text();
      expect(html, path).toContain('data-testid="invalid-parameter"');
      expect(html, path).toMatch(message);
    });
  }
});

test("an unknown or inherited choice falls back to the default view", async () => {
  for (const path of [
    "/services?window=toString&sort=constructor",
    "/service-map?window=__proto__",
    "/traces?range=toString",
    "/costs?groupBy=constructor&window=valueOf",
    "/services/payments-api?window=hasOwnProperty",
  ]) {
    await test.step(path, async () => {
      const response = await admin.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(200);
    });
  }
});

test("the API answers the issue's trace parameters with a 400 naming each", async () => {
  for (const [query, field] of [
    ["cursor=99999999999999999999:fff", "cursor"],
    ["minDurationMs=1e15", "minDurationMs"],
    ["service=a%00b", "service"],
    ["attr=k:v%00x", "attr"],
  ]) {
    const response = await admin.get(`/api/v1/traces?${query}`);
    expect(response.status(), query).toBe(400);
    expect((await response.json()).error.field, query).toBe(field);
  }
});
