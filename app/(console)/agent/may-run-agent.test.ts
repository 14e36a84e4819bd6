import { describe, expect, it } from "vitest";
import { type Role, userCtx } from "@/lib/context";
import { mayRunAgent } from "./may-run-agent";

const actor = (role: Role) => userCtx({ id: "u", email: `${role}@example.com`, role }).actor;

describe("mayRunAgent", () => {
  it("lets SREs, FinOps and admins ask the agent, not viewers or read-only keys", () => {
    expect(mayRunAgent(actor("viewer"))).toBe(false);
    expect(mayRunAgent(actor("sre"))).toBe(true);
    expect(mayRunAgent(actor("finops"))).toBe(true);
    expect(mayRunAgent(actor("admin"))).toBe(true);
    expect(mayRunAgent({ kind: "api_key", id: "k", label: "k", role: null, scopes: ["read"] })).toBe(false);
  });
});
