import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { asOwner, usePrivateDatabase } from "@/test/private-database";
import { createReceiver, type Receiver } from "./receiver";
import { goodSpan, nowNs, request, send } from "./test-requests";

// The receiver's store in a database of this file's own: a CHECK constraint stands for a value
// PostgreSQL refuses that got past the receiver's checks, and the late minutes it notes are not
// cleared by a rollup running in another file.

let receiver: Receiver;
let url: string;
let key: string;

beforeAll(async () => {
  const database = await usePrivateDatabase("otlp_store");
  // The application role may not alter tables: the constraint is the owner's.
  await asOwner(database, `ALTER TABLE span ADD CONSTRAINT test_refused CHECK (name <> 'refused')`);
  receiver = createReceiver({ port: 0, host: "127.0.0.1", maxBodyBytes: 4 * 1024 * 1024, retentionDays: 15 });
  url = `http://127.0.0.1:${await receiver.listen()}/v1/traces`;
  key = (await createApiKey(systemCtx("test"), { name: uniqueName("store"), scopes: ["ingest:traces"] })).key;
}, 60_000);

afterAll(() => receiver.close());

async function names(service: string): Promise<string[]> {
  const { rows } = await pool().query(`SELECT name FROM span WHERE service = $1 ORDER BY name`, [service]);
  return rows.map((row) => row.name);
}

const ENCODINGS = ["json", "protobuf"] as const;

describe("the receiver's store", () => {
  it("rejects only the spans PostgreSQL refuses, naming them and why, and stores the rest: never a 503", async () => {
    for (const as of ENCODINGS) {
      const service = uniqueName(`refused-${as}`);
      const spans = Array.from({ length: 37 }, (_, i) => goodSpan(`good ${String(i).padStart(2, "0")}`));
      const refused = [goodSpan("refused"), goodSpan("refused")];
      spans.splice(5, 0, refused[0]);
      spans.splice(30, 0, refused[1]);
      const answer = await send(url, key, request(service, spans), as);
      expect(answer.status).toBe(200);
      expect(answer.rejected).toBe(2);
      expect(answer.message).toContain(
        `span ${refused[0].spanId} of trace ${refused[0].traceId} could not be stored: new row for relation`,
      );
      expect(answer.message).toMatch(/violates check constraint "test_refused"/);
      expect(await names(service)).toEqual(Array.from({ length: 37 }, (_, i) => `good ${String(i).padStart(2, "0")}`));
      // Sent again (an exporter retrying): the stored ones are duplicates, the refused ones refused again.
      expect(await send(url, key, request(service, spans), as)).toMatchObject({ status: 200, rejected: 2 });
      expect(await names(service)).toHaveLength(37);
    }
  });

  it("notes the minute of a span that arrives late (the rollup passed it) in span_late_minute, and not a current one's", async () => {
    for (const as of ENCODINGS) {
      const service = uniqueName(`late-${as}`);
      const now = nowNs();
      const late = now - 2n * 3_600_000_000_000n - BigInt(ENCODINGS.indexOf(as)) * 60_000_000_000n;
      expect(
        await send(url, key, request(service, [goodSpan("late", late), goodSpan("current", now)]), as),
      ).toMatchObject({ status: 200, rejected: 0 });
      const { rows } = await pool().query(
        `SELECT minute = date_trunc('minute', to_timestamp($1::float8 / 1e9)) AS late, minute >= date_trunc('minute', to_timestamp($2::float8 / 1e9)) AS current
         FROM span_late_minute`,
        [late.toString(), now.toString()],
      );
      expect(rows.filter((row) => row.late)).toHaveLength(1);
      expect(rows.filter((row) => row.current)).toHaveLength(0);
    }
  });
});
