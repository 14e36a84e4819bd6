// The DORA figures per service or per team over a window and the window before it, for the
// Delivery page's tables and worst movers. A page of slices (by name, keyset) that deployed or had
// an incident in either window; two getDora per slice, so a page of 50 costs 100 getDora calls.
import { z } from "zod";
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import type { DoraMetrics } from "@/lib/delivery/dora-metrics";
import { getDora } from "@/lib/delivery/get-dora";
import { DoraSliceInput } from "@/lib/delivery/slice";
import { blankAsUnset, integer, oneOf, parseInput, text } from "@/lib/validation";

export interface DoraSliceRow {
  key: string;
  current: DoraMetrics;
  /** The same length of time just before the window. */
  previous: DoraMetrics;
}

const DoraSlicesInput = z.object({
  window: DoraSliceInput,
  by: oneOf(["service", "team"] as const),
  limit: z.preprocess(blankAsUnset, integer(1, 100).default(50)),
  after: z.preprocess(blankAsUnset, text(200, 1).optional()),
});

/** The slice names with deliveries in [from, to), after `after`, one more than the page. */
async function readKeys(by: "service" | "team", from: Date, to: Date, after: string | undefined, limit: number) {
  // `by` is one of two fixed column names, never user text.
  const { rows } = await pool().query<{ key: string }>(
    `SELECT key FROM (
       SELECT d.${by} AS key FROM delivery_deployment d
        WHERE d.finished_at >= $1 AND d.finished_at < $2 AND d.${by} IS NOT NULL
       UNION
       SELECT i.${by} FROM delivery_incident i
        WHERE i.created_at >= $1 AND i.created_at < $2 AND i.${by} IS NOT NULL) k
      WHERE ($3::text IS NULL OR key > $3) ORDER BY key LIMIT $4`,
    [from, to, after ?? null, limit + 1],
  );
  return rows.map((r) => r.key);
}

export async function doraSlices(ctx: Ctx, input: z.input<typeof DoraSlicesInput>) {
  authorize(ctx, "read");
  const q = parseInput(DoraSlicesInput, input);
  const { from, to } = q.window;
  const previousFrom = new Date(2 * from.getTime() - to.getTime());
  const keys = await readKeys(q.by, previousFrom, to, q.after, q.limit);
  const page = keys.slice(0, q.limit);
  const figures = (key: string, a: Date, b: Date) =>
    getDora(ctx, { from: a.toISOString(), to: b.toISOString(), [q.by]: key });
  const items: DoraSliceRow[] = await Promise.all(
    page.map(async (key) => {
      const [current, previous] = await Promise.all([figures(key, from, to), figures(key, previousFrom, from)]);
      return { key, current, previous };
    }),
  );
  return { items, nextCursor: keys.length > q.limit ? (page.at(-1) ?? null) : null };
}
