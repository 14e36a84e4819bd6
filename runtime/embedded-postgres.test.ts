import { afterAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { sharedBuffersMb } from "./embedded-postgres";

afterAll(() => closeDb());

describe("the embedded PostgreSQL's memory", () => {
  it("gives the buffer pool an eighth of the machine, from 128 MB to 1 GB", () => {
    const gib = 2 ** 30;
    expect(sharedBuffersMb(512 * 2 ** 20)).toBe(128);
    expect(sharedBuffersMb(2 * gib)).toBe(256);
    expect(sharedBuffersMb(4 * gib)).toBe(512);
    expect(sharedBuffersMb(24 * gib)).toBe(1024);
  });

  it("is what the running server uses (the tests' server is started the same way)", async () => {
    const { rows } = await pool().query<{ setting: string; unit: string }>(
      "SELECT setting, unit FROM pg_settings WHERE name = 'shared_buffers'",
    );
    expect(rows[0].unit).toBe("8kB");
    expect((Number(rows[0].setting) * 8) / 1024).toBe(sharedBuffersMb());
  });
});
