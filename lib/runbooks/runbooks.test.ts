import { afterAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { auditOf, insertAnomaly, runbookInput, SECRET } from "@/test/runbooks";
import { checkRunbook } from "./check-runbook";
import { createRunbook } from "./create-runbook";
import { deleteRunbook } from "./delete-runbook";
import { getRunbook } from "./get-runbook";
import { listRunbooks } from "./list-runbooks";
import { runbooksFor } from "./runbooks-for";
import { updateRunbook } from "./update-runbook";
import { refusal } from "@/test/refusal";

// Runbooks as an admin keeps them: saved only with an http(s) URL the guard allows and a template
// that renders JSON, secrets sealed and never read back (lists, one runbook, the audit trail),
// auto-run only by an admin for non-production, and every bad field a 400 that names it.

afterAll(closeDb);

const admin = roleCtx("admin");
const URL_OK = "https://automation.example.com/rollback";

describe("createRunbook", () => {
  it("stores a runbook whose secret is shown as set, never its value, and audits it without the secret", async () => {
    const made = await createRunbook(admin, runbookInput(URL_OK));
    expect(made.headers).toEqual([
      { name: "X-Team", secret: false, value: "payments" },
      { name: "Authorization", secret: true, value: "set" },
    ]);
    const stored = await pool().query("SELECT secret_headers::text AS s FROM runbook WHERE id = $1", [made.id]);
    expect(stored.rows[0].s).not.toContain("tok-9f8e7d6c5b4a");
    const read = [await getRunbook(roleCtx("viewer"), made.id), ...(await listRunbooks(admin, { limit: 200 })).items];
    expect(JSON.stringify(read)).not.toContain("tok-9f8e7d6c5b4a");
    const [entry] = await auditOf("runbook", made.id);
    expect(entry).toMatchObject({ action: "runbook.create", actor_label: "admin@test.vigil.local" });
    expect(entry.summary).toContain(made.name);
    expect(entry.summary).not.toContain("tok-9f8e7d6c5b4a");
  });

  it("refuses URLs that are not http(s), naming the field", async () => {
    for (const url of [
      "ftp://files.example.com/x",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "gopher://x",
      "data:,{}",
    ]) {
      expect(await refusal(createRunbook(admin, runbookInput(url))), url).toMatchObject({
        code: "bad_request",
        field: "url",
        message: expect.stringMatching(/^url: must be an http\(s\) URL/),
      });
    }
  });

  it("refuses a URL to an address the outbound guard refuses", async () => {
    for (const url of ["http://169.254.169.254/latest", "http://10.1.2.3/x", "http://[::1]/x"])
      expect(await refusal(createRunbook(admin, runbookInput(url))), url).toMatchObject({
        field: "url",
        message: expect.stringMatching(/^url: refused/),
      });
  });

  it("refuses templates that do not render, or render no JSON, saying why", async () => {
    for (const [template, why] of [
      ['{"a": "{{service"}', /Unclosed tag/],
      ['{"a": "{{#service}}"}', /Unclosed section/],
      ['{"a": {{service}}}', /valid JSON/],
      ['{"a": "{{{service}}}"}', /must be escaped/],
      ["not json", /valid JSON/],
    ] as const)
      expect(
        await refusal(createRunbook(admin, runbookInput(URL_OK, { bodyTemplate: template }))),
        template,
      ).toMatchObject({
        code: "bad_request",
        field: "bodyTemplate",
        message: expect.stringMatching(why),
      });
  });

  it("gives 400 naming the field for hostile values", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "" }, "name"],
      [{ name: "x".repeat(101) }, "name"],
      [{ name: "a\0b" }, "name"],
      [{ name: "\uD800" }, "name"],
      [{ url: "" }, "url"],
      [{ url: `https://e.com/${"x".repeat(2000)}` }, "url"],
      [{ url: "https://e.com/a\0b" }, "url"],
      [{ url: "https://e.com/\uDC00" }, "url"],
      [{ bodyTemplate: "" }, "bodyTemplate"],
      [{ bodyTemplate: `"${"x".repeat(65_536)}"` }, "bodyTemplate"],
      [{ bodyTemplate: '{"a": "\0"}' }, "bodyTemplate"],
      [{ bodyTemplate: '{"a": "\uD800"}' }, "bodyTemplate"],
      [{ description: "d\0" }, "description"],
      [{ method: "GET" }, "method"],
      [{ method: null }, "method"],
      [{ series: ["cpu"] }, "series.0"],
      [{ series: [], sloAlerts: false }, "series"],
      [{ services: ["ok", "bad\0"] }, "services.1"],
      [{ environments: Array.from({ length: 21 }, (_, i) => `e${i}`) }, "environments"],
      [{ headers: [{ name: "Bad Name", value: "x" }] }, "headers.0.name"],
      [{ headers: [{ name: "Host", value: "evil" }] }, "headers.0.name"],
      [{ headers: [{ name: "X-A", value: "line\r\nInjected: 1" }] }, "headers.0.value"],
      [{ headers: [{ name: "X-A", value: "\uD800" }] }, "headers.0.value"],
      [{ headers: [{ name: "X-A" }] }, "headers.0.value"],
      [
        {
          headers: [
            { name: "X-A", value: "1" },
            { name: "x-a", value: "2" },
          ],
        },
        "headers",
      ],
      [{ autoRun: "yes" }, "autoRun"],
      [{ extra: 1 }, ""],
    ];
    for (const [override, field] of cases) {
      const got = await refusal(createRunbook(admin, { ...runbookInput(URL_OK), ...override }));
      expect(got.code, JSON.stringify(override).slice(0, 80)).toBe("bad_request");
      expect(got.field ?? "", JSON.stringify(override).slice(0, 80)).toBe(field);
    }
    expect(await refusal(createRunbook(admin, "not an object"))).toMatchObject({ code: "bad_request" });
  });

  it("refuses a second runbook of the same name", async () => {
    const input = runbookInput(URL_OK);
    await createRunbook(admin, input);
    expect(await refusal(createRunbook(admin, { ...input, url: "https://other.example.com/" }))).toMatchObject({
      code: "conflict",
      field: "name",
    });
  });

  it("is for admins only; auto-run only for listed non-production environments", async () => {
    expect(await refusal(createRunbook(roleCtx("sre"), runbookInput(URL_OK)))).toMatchObject({ code: "forbidden" });
    for (const environments of [[], ["production"], ["staging", "prod"], ["eu-west-1"]])
      expect(
        await refusal(createRunbook(admin, runbookInput(URL_OK, { autoRun: true, environments }))),
        String(environments),
      ).toMatchObject({
        code: "bad_request",
        field: "autoRun",
      });
    // Should runbooks:manage ever reach another role, auto-run stays an admin's call.
    const fields = {
      url: URL_OK,
      bodyTemplate: "{}",
      environments: ["staging"],
      autoRun: true,
      series: ["errors"],
      sloAlerts: false,
    };
    expect(() => checkRunbook(roleCtx("sre"), fields, true)).toThrow(/Only an admin/);
    expect(() => checkRunbook(roleCtx("sre"), fields, false)).not.toThrow();
    expect(() => checkRunbook(admin, fields, true)).not.toThrow();
    const made = await createRunbook(admin, runbookInput(URL_OK, { autoRun: true, environments: ["staging", "dev"] }));
    expect(made).toMatchObject({ autoRun: true, environments: ["staging", "dev"] });
  });
});

describe("updateRunbook and deleteRunbook", () => {
  it("keeps a secret given without a value, replaces one given anew, and audits neither value", async () => {
    const made = await createRunbook(admin, runbookInput(URL_OK));
    const kept = await updateRunbook(admin, made.id, {
      description: "new text",
      headers: [{ name: "authorization", secret: true }],
    });
    expect(kept.headers).toEqual([{ name: "authorization", secret: true, value: "set" }]);
    expect(kept.version).toBe(2);
    await updateRunbook(admin, made.id, {
      headers: [{ name: "Authorization", value: "Bearer other-secret-42", secret: true }],
    });
    expect(await refusal(updateRunbook(admin, made.id, { headers: [{ name: "X-New", secret: true }] }))).toMatchObject({
      field: "headers.0.value",
    });
    const entries = await auditOf("runbook", made.id);
    expect(entries.map((entry) => entry.action)).toEqual(["runbook.create", "runbook.update", "runbook.update"]);
    expect(entries[1].summary).toContain("new text");
    expect(entries[2].summary).toContain("secretsSet");
    for (const entry of entries) {
      expect(entry.summary).not.toContain("tok-9f8e7d6c5b4a");
      expect(entry.summary).not.toContain("other-secret-42");
    }
    expect(JSON.stringify(await getRunbook(admin, made.id))).not.toContain("other-secret-42");
  });

  it("applies the save rules to the merged runbook", async () => {
    const made = await createRunbook(admin, runbookInput(URL_OK, { environments: ["staging"] }));
    expect(await refusal(updateRunbook(admin, made.id, { url: "file:///etc/passwd" }))).toMatchObject({ field: "url" });
    expect(await refusal(updateRunbook(admin, made.id, { bodyTemplate: "{{" }))).toMatchObject({
      field: "bodyTemplate",
    });
    expect(await refusal(updateRunbook(admin, made.id, {}))).toMatchObject({ code: "bad_request" });
    await updateRunbook(admin, made.id, { autoRun: true });
    expect(await refusal(updateRunbook(admin, made.id, { environments: ["staging", "production"] }))).toMatchObject({
      field: "autoRun",
    });
    expect(await refusal(updateRunbook(admin, "not-a-uuid", { description: "x" }))).toMatchObject({
      code: "not_found",
    });
  });

  it("deletes with an audit entry; a deleted or unknown one is a 404", async () => {
    const made = await createRunbook(admin, runbookInput(URL_OK));
    expect(await deleteRunbook(admin, made.id)).toEqual({ id: made.id, deleted: true });
    expect(await refusal(getRunbook(admin, made.id))).toMatchObject({ code: "not_found" });
    expect(await refusal(deleteRunbook(admin, made.id))).toMatchObject({ code: "not_found" });
    expect((await auditOf("runbook", made.id)).map((entry) => entry.action)).toEqual([
      "runbook.create",
      "runbook.delete",
    ]);
    for (const id of ["", "a\0b", "\uD800", "x".repeat(10_000)])
      expect(await refusal(getRunbook(admin, id))).toMatchObject({ code: "not_found" });
  });
});

describe("listRunbooks and runbooksFor", () => {
  it("pages by name and refuses cursors it did not hand out", async () => {
    const prefix = uniqueName("aaa-page");
    for (const n of [1, 2, 3]) await createRunbook(admin, runbookInput(URL_OK, { name: `${prefix}-${n}` }));
    const all = [];
    let cursor: string | undefined;
    do {
      const page = await listRunbooks(admin, { limit: 2, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const names = all.map((item) => item.name);
    expect(names.filter((name) => name.startsWith(prefix))).toEqual([1, 2, 3].map((n) => `${prefix}-${n}`));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : 1)));
    for (const [query, field] of [
      [{ limit: 0 }, "limit"],
      [{ limit: 201 }, "limit"],
      [{ cursor: "forged" }, "cursor"],
      [{ cursor: Buffer.from('["a","not-a-uuid"]').toString("base64url") }, "cursor"],
      [{ cursor: "x".repeat(10_000) }, "cursor"],
    ] as const)
      expect(await refusal(listRunbooks(admin, query)), JSON.stringify(query).slice(0, 60)).toMatchObject({ field });
  });

  it("finds the runbooks attached to an anomaly's series, service and environment", async () => {
    const service = uniqueName("svc");
    const anomaly = await insertAnomaly(service, "staging", "latency");
    const match = await createRunbook(admin, runbookInput(URL_OK, { series: ["latency"], services: [service] }));
    const anyService = await createRunbook(
      admin,
      runbookInput(URL_OK, { series: ["latency", "errors"], services: [], environments: ["STAGING"] }),
    );
    const others = [
      await createRunbook(admin, runbookInput(URL_OK, { series: ["errors"], services: [service] })),
      await createRunbook(admin, runbookInput(URL_OK, { series: ["latency"], services: ["someone-else"] })),
      await createRunbook(
        admin,
        runbookInput(URL_OK, { series: ["latency"], services: [service], environments: ["production"] }),
      ),
    ];
    const found = (await runbooksFor(roleCtx("viewer"), anomaly)).map((runbook) => runbook.id);
    expect(found).toEqual(expect.arrayContaining([match.id, anyService.id]));
    for (const other of others) expect(found).not.toContain(other.id);
    expect(JSON.stringify(await runbooksFor(admin, anomaly))).not.toContain(SECRET);
  });
});
