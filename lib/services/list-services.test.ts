import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { uniqueName, roleCtx } from "@/test/factories";
import { listServices } from "./list-services";
import { registerService } from "./register-service";

describe("services (PostgreSQL)", () => {
  afterAll(closeDb);

  it("pages through services in name order with a cursor", async () => {
    const prefix = uniqueName("page");
    for (const suffix of ["c", "a", "b"]) {
      await registerService(systemCtx("test"), { name: `${prefix}-${suffix}`, team: "sre" });
    }
    const first = await listServices(roleCtx("viewer"), { limit: 2, cursor: `${prefix}-` });
    expect(first.items.map((s) => s.name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    const second = await listServices(roleCtx("viewer"), { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items[0].name).toBe(`${prefix}-c`);
  });

  it("updates ownership when a service registers again", async () => {
    const name = uniqueName("svc");
    await registerService(systemCtx("test"), { name, team: "payments", tier: "critical" });
    const updated = await registerService(systemCtx("test"), { name, team: "platform" });
    expect(updated).toMatchObject({ name, team: "platform", tier: "standard" });
  });

  it("lets viewers read but not register, and rejects bad names and limits", async () => {
    await expect(registerService(roleCtx("viewer"), { name: uniqueName("svc"), team: "x" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(registerService(systemCtx("test"), { name: "Payments API", team: "x" })).rejects.toThrow(/lowercase/);
    await expect(listServices(roleCtx("viewer"), { limit: 10_000 })).rejects.toThrow();
  });
});
