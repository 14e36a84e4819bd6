import { afterAll, describe, expect, inject, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { postgresSettings, settingsFlags } from "./embedded-postgres-settings";

afterAll(() => closeDb());

const GIB = 2 ** 30;

describe("the embedded PostgreSQL's settings for the machine", () => {
  it("gives a 24 GiB, 2-core machine a quarter of memory in buffers and WAL room for a day of ingest", () => {
    expect(postgresSettings(24 * GIB, 2)).toEqual({
      shared_buffers: "6144MB",
      effective_cache_size: "12288MB",
      work_mem: "61MB",
      maintenance_work_mem: "1536MB",
      max_wal_size: "4GB",
      min_wal_size: "1GB",
      checkpoint_timeout: "15min",
      wal_compression: "pglz",
      random_page_cost: "1.1",
      effective_io_concurrency: "200",
      max_parallel_workers_per_gather: "1",
      jit: "off",
    });
  });

  it.each([
    // GiB, cpus, shared_buffers, effective_cache_size, work_mem, maintenance_work_mem, workers per gather
    [0.5, 1, "128MB", "256MB", "4MB", "64MB", "0"],
    [2, 1, "512MB", "1024MB", "5MB", "128MB", "0"],
    [8, 4, "2048MB", "4096MB", "20MB", "512MB", "2"],
    [24, 2, "6144MB", "12288MB", "61MB", "1536MB", "1"],
    [64, 64, "8192MB", "32768MB", "64MB", "2048MB", "8"],
  ])("scales memory to %s GiB and %s cores within PostgreSQL's sensible bounds", (gib, cpus, ...expected) => {
    const settings = postgresSettings(gib * GIB, cpus);
    expect([
      settings.shared_buffers,
      settings.effective_cache_size,
      settings.work_mem,
      settings.maintenance_work_mem,
      settings.max_parallel_workers_per_gather,
    ]).toEqual(expected);
  });

  it("keeps effective_cache_size within the pages PostgreSQL can count, however large the machine", () => {
    const settings = postgresSettings(Number.MAX_SAFE_INTEGER, 1024);
    expect(settings.effective_cache_size).toBe(`${Math.floor(((2 ** 31 - 1) * 8) / 1024)}MB`);
    expect(settings.shared_buffers).toBe("8192MB");
    expect(settings.max_parallel_workers_per_gather).toBe("8");
  });

  it.each([0, -GIB, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s bytes of memory", (bytes) => {
    expect(() => postgresSettings(bytes, 2)).toThrow(/not a size/);
  });

  it.each([0, -2, 1.5, Number.NaN])("refuses %s cores", (cpus) => {
    expect(() => postgresSettings(GIB, cpus)).toThrow(/not a count/);
  });

  it("passes each setting as one -c flag", () => {
    expect(settingsFlags({ jit: "off", work_mem: "5MB" })).toEqual(["-c", "jit=off", "-c", "work_mem=5MB"]);
  });
});

const UNIT_FACTOR: Record<string, number> = {
  kB: 1024,
  "8kB": 8192,
  MB: 2 ** 20,
  GB: 2 ** 30,
  ms: 0.001,
  s: 1,
  min: 60,
};

/** A setting as a number in bytes or seconds when it has a unit, else its text. */
function normal(value: string, unit: string | null): string {
  const written = /^(\d+(?:\.\d+)?)(kB|MB|GB|ms|s|min)$/.exec(value);
  if (written) return String(Number(written[1]) * UNIT_FACTOR[written[2]]);
  if (unit) return String(Number(value) * UNIT_FACTOR[unit]);
  return value;
}

describe("the running server (the tests' server is started the same way)", () => {
  it("runs with every setting sized for its machine, from the command line", async () => {
    const machine = inject("postgresMachine");
    const expected = postgresSettings(machine.totalBytes, machine.cpus);
    const { rows } = await pool().query<{ name: string; setting: string; unit: string | null; source: string }>(
      "SELECT name, setting, unit, source FROM pg_settings WHERE name = ANY($1) ORDER BY name",
      [Object.keys(expected)],
    );
    expect(rows.map((row) => row.name)).toEqual(Object.keys(expected).sort());
    for (const row of rows) {
      expect({ name: row.name, value: normal(row.setting, row.unit), source: row.source }).toEqual({
        name: row.name,
        value: normal(expected[row.name], null),
        source: "command line",
      });
    }
  });
});
