import { pool } from "@/lib/db";

// Bytes on disk per span: every partition's heap, TOAST, free-space and visibility maps and indexes
// (pg_total_relation_size), after VACUUM ANALYZE so dead rows and stale statistics do not count.

export interface StoredBytes {
  bytes: number;
  spans: number;
  /** bytes / spans, or NaN when no span is stored. */
  perSpan: number;
}

const partitionBytes = (parent: string) =>
  `SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0)::text AS bytes
     FROM pg_inherits WHERE inhparent = '${parent}'::regclass`;

async function stored(parent: string, countSql: string): Promise<StoredBytes> {
  await pool().query(`VACUUM ANALYZE ${parent}`);
  const { rows } = await pool().query<{ bytes: string; spans: string }>(
    `SELECT (${partitionBytes(parent)}) AS bytes, (${countSql})::text AS spans`,
  );
  const bytes = Number(rows[0].bytes);
  const spans = Number(rows[0].spans);
  return { bytes, spans, perSpan: spans > 0 ? bytes / spans : Number.NaN };
}

/** The row table `span`: its partitions over the spans they hold. */
export function spanBytes(): Promise<StoredBytes> {
  return stored("span", "SELECT count(*) FROM span");
}

/** Compressed blocks: `span_block`'s partitions over the spans their blocks hold. */
export function blockBytes(): Promise<StoredBytes> {
  return stored("span_block", "SELECT coalesce(sum(span_count), 0) FROM span_block");
}

/** The dictionaries rows and blocks share (resources, attribute keys), counted apart. */
export async function sharedDictionaryBytes(): Promise<number> {
  const { rows } = await pool().query<{ bytes: string }>(
    `SELECT (pg_total_relation_size('span_resource') + pg_total_relation_size('span_attribute_key'))::text AS bytes`,
  );
  return Number(rows[0].bytes);
}

export const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
