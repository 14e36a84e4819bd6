import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { deliveryTransaction } from "@/lib/delivery/delivery-transaction";
import { uniqueName } from "@/test/factories";

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe("deliveryTransaction", () => {
  it("runs a transaction PostgreSQL aborted for a deadlock again, with nothing of the aborted try kept", async () => {
    const service = uniqueName("retry");
    let attempts = 0;
    const result = await deliveryTransaction(async (client) => {
      attempts += 1;
      // A plain INSERT: had the first try's row been kept, the second would fail on the primary key.
      await client.query(
        "INSERT INTO delivery_seen_version (service, environment, version, first_span_at) VALUES ($1, 'PRODUCTION', '1', now())",
        [service],
      );
      if (attempts === 1) throw pgError("40P01");
      return "stored";
    });
    expect({ result, attempts }).toEqual({ result: "stored", attempts: 2 });
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM delivery_seen_version WHERE service = $1", [
      service,
    ]);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it("does not retry other errors, and gives up after four deadlocks", async () => {
    let attempts = 0;
    await expect(
      deliveryTransaction(async () => {
        attempts += 1;
        throw pgError("22P02");
      }),
    ).rejects.toThrow("pg 22P02");
    expect(attempts).toBe(1);
    attempts = 0;
    await expect(
      deliveryTransaction(async () => {
        attempts += 1;
        throw pgError("40P01");
      }),
    ).rejects.toThrow("pg 40P01");
    expect(attempts).toBe(4);
  });
});
