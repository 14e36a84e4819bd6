import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { createChannel } from "@/lib/notifications/create-channel";
import { roleCtx, uniqueName } from "@/test/factories";
import { notifyCapacity } from "./notify-capacity";

// The worker's capacity notices against real rollups in 2034 (a year of their own): a service
// climbing past its month's high is noticed once that day, again the next day, never for a flat one.

afterAll(closeDb);

const ctx = systemCtx("test");
const HOUR = 3_600_000;
const NOW = new Date("2034-09-20T06:10:00Z");

async function traffic(service: string, growthPerDay: number) {
  const start = Date.parse("2034-09-20T06:00:00Z") - 30 * 24 * HOUR;
  const hours = Array.from({ length: 30 * 24 }, (_, i) => start + i * HOUR);
  await pool().query(
    `INSERT INTO span_hour (hour, service, operation, environment, requests, errors, buckets, counts)
     SELECT to_timestamp(u.t / 1000.0), $1, 'GET /', 'prod', u.r, 0, ARRAY[1]::smallint[], ARRAY[1]::bigint[]
       FROM unnest($2::float8[], $3::bigint[]) AS u (t, r)`,
    [
      service,
      hours,
      hours.map((t, i) =>
        Math.round(
          600 * (1 + 0.4 * Math.sin((2 * Math.PI * new Date(t).getUTCHours()) / 24)) * (1 + growthPerDay * (i / 24)),
        ),
      ),
    ],
  );
}

describe("notifyCapacity (PostgreSQL)", () => {
  it("notices a service expected past its 30-day high once a day, through the channels", async () => {
    // The stored margin is shared with other test files (and the route walk): this test pins its own.
    const [climbing, flat] = [uniqueName("nc-climbing"), uniqueName("nc-flat")];
    await traffic(climbing, 0.05);
    await traffic(flat, 0);
    const channel = await createChannel(roleCtx("admin"), {
      name: uniqueName("capacity-hook"),
      kind: "webhook",
      url: "http://127.0.0.1:9/hook",
      secret: "a-long-enough-secret-123",
      routing: { services: [climbing, flat] },
    });
    const noticed = async () =>
      (
        await pool().query<{ notice: { source: string; severity: string; service: string; key: string } }>(
          "SELECT notice FROM notification_delivery WHERE channel_id = $1 ORDER BY id",
          [channel.id],
        )
      ).rows.map((row) => row.notice);

    const first = await notifyCapacity(ctx, NOW, 20);
    expect(first.failures).toEqual([]);
    expect(await noticed()).toMatchObject([
      {
        source: "forecasts",
        severity: "ticket",
        service: climbing,
        key: `forecast-capacity:${climbing}:prod:2034-09-20`,
      },
    ]);
    await notifyCapacity(ctx, new Date(NOW.getTime() + HOUR), 20);
    expect(await noticed()).toHaveLength(1);
    await notifyCapacity(ctx, new Date(NOW.getTime() + 24 * HOUR), 20);
    expect((await noticed()).map((n) => n.key)).toEqual([
      `forecast-capacity:${climbing}:prod:2034-09-20`,
      `forecast-capacity:${climbing}:prod:2034-09-21`,
    ]);
  });

  it("is the worker's or an admin's to run", async () => {
    await expect(notifyCapacity(roleCtx("sre"), NOW)).rejects.toMatchObject({ code: "forbidden" });
  });
});
