import { describe, expect, it } from "vitest";
import type { RunbookView } from "@/lib/runbooks/runbook-rows";
import { CreateRunbookInput, UpdateRunbookInput } from "@/lib/runbooks/schemas";
import { fieldOf, formValues, headerRow, nameList, runbookBody } from "./runbook-form-body";

const stored: RunbookView = {
  id: "5b0f6c0e-7a8e-4c55-9d0b-1a2b3c4d5e6f",
  name: "rollback",
  description: "Rolls back",
  method: "PUT",
  url: "https://ci.example.com/rollback",
  headers: [
    { name: "X-Team", secret: false, value: "payments" },
    { name: "Authorization", secret: true, value: "set" },
  ],
  bodyTemplate: '{"s": "{{service}}"}',
  series: ["errors", "latency"],
  sloAlerts: true,
  services: ["checkout", "ledger"],
  environments: ["staging"],
  autoRun: true,
  version: 3,
  createdBy: "admin",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedBy: "admin",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

describe("the runbook form's body", () => {
  it("a new runbook's defaults, once named and given a URL and a series, are a valid CreateRunbookInput", () => {
    const body = runbookBody({
      ...formValues(),
      name: " rollback ",
      url: "https://ci.example.com/x",
      series: ["errors"],
    });
    const parsed = CreateRunbookInput.parse(body);
    expect(parsed).toMatchObject({ name: "rollback", method: "POST", headers: [], services: [], autoRun: false });
    expect(JSON.parse(parsed.bodyTemplate.replace(/\{\{\w+\}\}/g, "x"))).toHaveProperty("service", "x");
  });

  it("a stored secret left blank goes without a value (the server keeps it); typed, it goes with the new one", () => {
    const values = formValues(stored);
    expect(values.headers.map((h) => [h.name, h.value, h.secret, h.stored])).toEqual([
      ["X-Team", "payments", false, false],
      ["Authorization", "", true, true],
    ]);
    const kept = runbookBody(values);
    expect(kept.headers).toEqual([
      { name: "X-Team", value: "payments", secret: false },
      { name: "Authorization", secret: true },
    ]);
    expect(UpdateRunbookInput.parse(kept)).toMatchObject({ sloAlerts: true, services: ["checkout", "ledger"] });
    const retyped = { ...values, headers: [values.headers[0], { ...values.headers[1], value: "Bearer new" }] };
    expect(runbookBody(retyped).headers).toContainEqual({ name: "Authorization", value: "Bearer new", secret: true });
  });

  it("a new secret row, never stored, sends its value even when blank (the API then names the row)", () => {
    const body = runbookBody({ ...formValues(), headers: [headerRow({ name: "Token", secret: true })] });
    expect(body.headers).toEqual([{ name: "Token", value: "", secret: true }]);
  });

  it("name lists split on commas and lines, dropping blanks; the field text is kept for the API to judge", () => {
    expect(nameList(" a, b,,\nc ,")).toEqual(["a", "b", "c"]);
    expect(nameList("")).toEqual([]);
    expect(nameList("x\0y")).toEqual(["x\0y"]);
  });

  it("an API error's field is the form field it names, a header row's part, or the whole form", () => {
    expect(fieldOf("url")).toBe("url");
    expect(fieldOf("bodyTemplate")).toBe("bodyTemplate");
    expect(fieldOf("headers.3.value")).toBe("headers.3.value");
    expect(fieldOf("headers.03.name")).toBe("headers.3.name");
    expect(fieldOf("headers")).toBe("headers");
    expect(fieldOf("headers.4")).toBe("headers");
    expect(fieldOf("services.12")).toBe("services");
    expect(fieldOf("headers.99999.value")).toBe("form");
    expect(fieldOf("toString")).toBe("form");
    expect(fieldOf("__proto__")).toBe("form");
    expect(fieldOf(null)).toBe("form");
    expect(fieldOf(7)).toBe("form");
  });
});
