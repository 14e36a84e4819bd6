import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageCtx } from "@/lib/auth/page-ctx";
import { VigilError } from "@/lib/errors";
import { getTrace } from "@/lib/traces/get-trace";
import { PageHeader } from "../../_components/not-built";
import { formatDuration } from "../format";
import { CopyButton } from "./copy-button";
import styles from "./trace.module.css";
import type { AnyValue, KeyValue, Trace } from "./trace-types";
import { Waterfall } from "./waterfall";

export const metadata: Metadata = { title: "Trace" };
export const dynamic = "force-dynamic";

// ---- TEMPORARY: delete at merge, when getTrace returns the Trace of trace-types.ts (the traces-data branch).
type OldTrace = Awaited<ReturnType<typeof getTrace>>;
const anyValueOf = (value: unknown): AnyValue => {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValueOf) } };
  if (value && typeof value === "object")
    return { kvlistValue: { values: keyValuesOf(value as Record<string, unknown>) } };
  return {};
};
const keyValuesOf = (values: Record<string, unknown>): KeyValue[] =>
  Object.entries(values ?? {}).map(([key, value]) => ({ key, value: anyValueOf(value) }));
const rfc3339 = (ns: bigint) =>
  `${new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19)}.${String(ns % 1_000_000_000n).padStart(9, "0")}Z`;
/** The old getTrace response in the new Trace shape (microsecond times, guessed attribute types, no links). */
function adaptOldTraceShape(old: OldTrace): Trace {
  return {
    ...old,
    spans: old.spans.map((span) => {
      const start =
        BigInt(Date.parse(`${span.startTime.slice(0, 23)}Z`)) * 1_000_000n +
        BigInt(span.startTime.slice(23, 26) || 0) * 1000n;
      const duration = BigInt(Math.round(span.durationMs * 1e6));
      const events = span.events as { name: string; timeUnixNano: string; attributes: Record<string, unknown> }[];
      return {
        ...span,
        traceState: null,
        flags: 0,
        startTimeUnixNano: String(start),
        endTimeUnixNano: String(start + duration),
        startTime: rfc3339(start),
        endTime: rfc3339(start + duration),
        durationNs: String(duration),
        attributes: keyValuesOf(span.attributes),
        resource: { attributes: keyValuesOf(span.resource) },
        scope: null,
        events: events.map((event) => ({
          ...event,
          time: rfc3339(BigInt(event.timeUnixNano)),
          attributes: keyValuesOf(event.attributes),
        })),
        links: [],
      };
    }),
  };
}
// ---- end TEMPORARY

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { ctx } = await pageCtx("read");
  const { traceId } = await params;
  let trace: Trace;
  try {
    trace = adaptOldTraceShape(await getTrace(ctx, traceId));
  } catch (err) {
    if (err instanceof VigilError && (err.code === "not_found" || err.code === "bad_request")) notFound();
    throw err;
  }
  const services = new Set(trace.spans.map((span) => span.service));
  const starts = trace.spans.map((span) => BigInt(span.startTimeUnixNano));
  const ends = trace.spans.map((span) => BigInt(span.endTimeUnixNano));
  const min = (values: bigint[]) => values.reduce((a, b) => (b < a ? b : a));
  const max = (values: bigint[]) => values.reduce((a, b) => (b > a ? b : a));
  const durationMs = Number(max(ends) - min(starts)) / 1e6;
  return (
    <>
      <PageHeader
        title="Trace"
        subtitle={`${trace.spans.length} spans · ${services.size} ${services.size === 1 ? "service" : "services"} · ${formatDuration(durationMs)}`}
      />
      <p className={styles.idLine}>
        <span className="muted">Trace id</span>
        <span className="mono" data-testid="trace-id">
          {trace.traceId}
        </span>
        <CopyButton value={trace.traceId} label="Copy trace id" testId="copy-trace-id" />
      </p>
      {trace.truncated && (
        <p className="notice">
          This trace has more spans than shown; the first {trace.spans.length} by start time are drawn.
        </p>
      )}
      <Waterfall trace={trace} />
    </>
  );
}
