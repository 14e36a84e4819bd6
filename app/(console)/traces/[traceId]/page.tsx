import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageCtx } from "@/lib/auth/page-ctx";
import { VigilError } from "@/lib/errors";
import { getTrace, type Trace } from "@/lib/traces/get-trace";
import { PageHeader } from "../../_components/not-built";
import { formatDuration } from "../format";
import { CopyButton } from "./copy-button";
import styles from "./trace.module.css";
import { Waterfall } from "./waterfall";

export const metadata: Metadata = { title: "Trace" };
export const dynamic = "force-dynamic";

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { ctx } = await pageCtx("read");
  const { traceId } = await params;
  let trace: Trace;
  try {
    trace = await getTrace(ctx, traceId);
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
