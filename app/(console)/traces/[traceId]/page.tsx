import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageCtx } from "@/lib/auth/page-ctx";
import { VigilError } from "@/lib/errors";
import { getTrace } from "@/lib/traces/get-trace";
import { PageHeader } from "../../_components/not-built";
import { Waterfall } from "./waterfall";

export const metadata: Metadata = { title: "Trace" };
export const dynamic = "force-dynamic";

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { ctx } = await pageCtx("read");
  const { traceId } = await params;
  let trace: Awaited<ReturnType<typeof getTrace>>;
  try {
    trace = await getTrace(ctx, traceId);
  } catch (err) {
    if (err instanceof VigilError && (err.code === "not_found" || err.code === "bad_request")) notFound();
    throw err;
  }
  const services = new Set(trace.spans.map((span) => span.service));
  const start = Math.min(...trace.spans.map((span) => Date.parse(span.startTime)));
  const end = Math.max(...trace.spans.map((span) => Date.parse(span.startTime) + span.durationMs));
  return (
    <>
      <PageHeader
        title="Trace"
        subtitle={`${trace.traceId} · ${trace.spans.length} spans · ${services.size} ${services.size === 1 ? "service" : "services"} · ${(end - start).toFixed(1)} ms`}
      />
      {trace.truncated && (
        <p className="notice">
          This trace has more spans than shown; the first {trace.spans.length} by start time are drawn.
        </p>
      )}
      <Waterfall spans={trace.spans} />
    </>
  );
}
