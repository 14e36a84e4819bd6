import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { Ctx } from "@/lib/context";
import { ingestOtlpJson } from "@/test/span-factory";

// Spans made by the real OpenTelemetry JS SDK (ids, resources, attribute types) and sent by its
// OTLP/HTTP JSON exporter to a capturing server; each request is then stored as a client's is
// (ingestOtlpJson: the receiver's decoder, lib's ingest verb).

/** Calls `build` with a tracer per resource (keyed as given), exports what it made and stores it. */
export async function ingestSdkSpans<K extends string>(
  ctx: Ctx,
  resources: Record<K, Record<string, string>>,
  build: (tracers: Record<K, Tracer>) => void,
): Promise<number> {
  const bodies: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  try {
    const providers = Object.entries<Record<string, string>>(resources).map(([name, attributes]) => {
      const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url }), { maxExportBatchSize: 512 });
      return [
        name,
        new BasicTracerProvider({ resource: resourceFromAttributes(attributes), spanProcessors: [processor] }),
      ] as const;
    });
    build(
      Object.fromEntries(providers.map(([name, provider]) => [name, provider.getTracer("vigil-test")])) as Record<
        K,
        Tracer
      >,
    );
    for (const [, provider] of providers) await provider.shutdown();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  let stored = 0;
  for (const body of bodies) stored += (await ingestOtlpJson(ctx, body)).stored;
  return stored;
}
