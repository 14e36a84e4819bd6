import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { asOwner } from "@/test/private-database";

// A server going away under a checked-out connection (shutdown, failover) is an error for the work
// using it, never an unhandled 'error' event that ends the worker.

afterAll(() => closeDb());

describe("the database pool", () => {
  it("survives a checked-out connection the server ends, and keeps serving", async () => {
    const client = await pool().connect();
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    await asOwner("", `SELECT pg_terminate_backend(${rows[0].pid})`);
    await sleep(200); // the 'error' event arrives while no query runs on the client
    await expect(client.query("SELECT 1")).rejects.toThrow();
    client.release(true);
    const again = await pool().query<{ one: number }>("SELECT 1 AS one");
    expect(again.rows[0].one).toBe(1);
  });
});
