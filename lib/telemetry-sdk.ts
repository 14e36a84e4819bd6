import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { env } from "./env";

/**
 * Registers a tracer provider exporting Vigil's own spans over OTLP/HTTP, when an endpoint is
 * configured (the standard OTEL_EXPORTER_OTLP_ENDPOINT). Without one, spans stay no-ops.
 */
export function startTelemetry(component: string): NodeTracerProvider | undefined {
  const endpoint = env().OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: `vigil-${component}`,
      [ATTR_SERVICE_VERSION]: "0.1.0",
    }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/traces` })),
    ],
  });
  provider.register();
  return provider;
}
