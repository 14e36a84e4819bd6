import { type Attributes, type Span, SpanStatusCode, trace } from "@opentelemetry/api";

// Vigil observes itself with the same API it asks its users to adopt. Span names stay
// low-cardinality ("job rollup-daily-spend", "GET /api/health"); ids go in attributes.

const TRACER = "vigil";

export async function withSpan<T>(name: string, attributes: Attributes, run: (span: Span) => Promise<T>): Promise<T> {
  return trace.getTracer(TRACER).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await run(span);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      throw err;
    } finally {
      span.end();
    }
  });
}
