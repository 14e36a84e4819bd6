import { SpanStatusCode, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withSpan } from "./telemetry";

describe("withSpan", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => trace.setGlobalTracerProvider(provider));
  afterAll(() => trace.disable());
  beforeEach(() => exporter.reset());

  it("records a span with its attributes and returns the result", async () => {
    expect(await withSpan("job rollup", { "vigil.job.id": "42" }, async () => "done")).toBe("done");
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe("job rollup");
    expect(span.attributes["vigil.job.id"]).toBe("42");
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("marks the span as an error, records the exception and rethrows", async () => {
    await expect(withSpan("failing", {}, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const [span] = exporter.getFinishedSpans();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "boom" });
    expect(span.events.map((event) => event.name)).toContain("exception");
  });
});
