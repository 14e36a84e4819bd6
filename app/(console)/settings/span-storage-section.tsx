import type { SpanStorage } from "@/lib/traces/span-storage";
import { Tile } from "../_components/tile";

const MB = 1024 * 1024;
const bytes = (n: number) => (n >= 1024 * MB ? `${(n / 1024 / MB).toFixed(1)} GB` : `${(n / MB).toFixed(1)} MB`);
const perSpan = (n: number, spans: number) => (spans > 0 ? `${(n / spans).toFixed(1)} B/span` : "no spans");
const count = (n: number) => n.toLocaleString("en-US");

/** Spans as rows (recent, estimated count) and as compressed blocks (older), and what each costs on disk. */
export function SpanStorageSection({ storage }: { storage: SpanStorage }) {
  const { rows, blocks } = storage;
  return (
    <section className="card" data-testid="span-storage">
      <h2>Span storage</h2>
      <p className="empty-note small">
        Spans older than {storage.compactAfterHours} h (VIGIL_SPAN_COMPACT_AFTER_HOURS), once rolled up, move from rows
        into compressed blocks by the compact-spans job below; a day left without rows is truncated. Sizes include
        indexes and TOAST.
      </p>
      <div className="tiles">
        <Tile
          label="Spans in rows (estimate)"
          value={count(rows.spans)}
          hint={`${bytes(rows.bytes)} · ${perSpan(rows.bytes, rows.spans)}`}
          testId="span-storage-rows"
        />
        <Tile
          label="Spans in blocks"
          value={count(blocks.spans)}
          hint={`${count(blocks.count)} blocks · ${bytes(blocks.bytes)} · ${perSpan(blocks.bytes, blocks.spans)}`}
          testId="span-storage-blocks"
        />
      </div>
    </section>
  );
}
