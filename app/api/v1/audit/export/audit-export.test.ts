import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { GET as exportAudit } from "@/app/api/v1/audit/export/route";
import { PATCH as changeUser } from "@/app/api/v1/users/[id]/route";
import { db } from "@/lib/db";
import { callHandler, newPerson, signIn } from "@/test/http-callers";

const FORMULA_ID = '=HYPERLINK("http://evil","x")';

describe("the audit CSV export", () => {
  it("neutralises cells a spreadsheet would run as formulas (OWASP CSV injection)", async () => {
    const admin = await newPerson("admin");
    const cookie = await signIn(admin.email, admin.password);
    const target = await newPerson("viewer");
    const { id } = await db().user.findUniqueOrThrow({ where: { email: target.email } });
    const reasons = ["+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "=1+1", "plain reason"];
    for (const [i, reason] of reasons.entries()) {
      const response = await callHandler(
        changeUser,
        `/api/v1/users/${id}`,
        {
          method: "PATCH",
          headers: { cookie, "content-type": "application/json", "x-request-id": i === 0 ? FORMULA_ID : `req-${i}` },
          body: JSON.stringify({ role: i % 2 ? "sre" : "finops", reason }),
        },
        { id },
      );
      expect(response.status, reason).toBe(200);
    }

    const response = await callHandler(
      exportAudit,
      `/api/v1/audit/export?target=${encodeURIComponent(`user:${target.email}`)}`,
      { headers: { cookie } },
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(text).toContain(`"'+cmd|' /C calc'!A0"`);
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data.filter(
      (row) => row.action !== "user.create",
    );
    expect(rows.map((row) => [row.reason, row.requestId])).toEqual([
      ["'+cmd|' /C calc'!A0", `'${FORMULA_ID}`],
      ["'-2+3", "req-1"],
      ["'@SUM(A1)", "req-2"],
      ["'=1+1", "req-3"],
      ["plain reason", "req-4"],
    ]);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
