import { context, SpanKind, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import type { Ctx } from "@/lib/context";
import { uniqueName } from "@/test/factories";
import { ingestSdkSpans } from "@/test/otel-spans";

// A service whose version changes at `at` and gets slow, and fails now and then: the hour before
// it on version 2026.11.2 (requests of 20 ms), half an hour after on 2026.11.3 (four in five
// requests take 300 ms, one in five fails). Routes, methods, hosts and request ids are spread
// alike on both sides; every request makes a database call (a child span of the same service),
// and every third one comes from a gateway (an entry span whose parent is in another service).

const ROUTES = ["/accounts/:id", "/transfers", "/balance"];
export const OLD_VERSION = "2026.11.2";
export const NEW_VERSION = "2026.11.3";

export interface Regression {
  service: string;
  gateway: string;
  /** When the new version started serving. */
  at: number;
  /** Entry spans before `at` and after it; slow and failing ones after it. */
  before: number;
  after: number;
  slow: number;
  failing: number;
}

interface Request {
  startMs: number;
  durationMs: number;
  i: number;
  fails: boolean;
  fromGateway: boolean;
}

function request(tracers: Record<"old" | "new" | "gateway", Tracer>, version: "old" | "new", r: Request) {
  const tracer = tracers[version];
  let parent = context.active();
  let gatewaySpan;
  if (r.fromGateway) {
    gatewaySpan = tracers.gateway.startSpan("proxy", { kind: SpanKind.SERVER, startTime: new Date(r.startMs) });
    parent = trace.setSpan(parent, gatewaySpan);
  }
  const server = tracer.startSpan(
    `${r.i % 2 ? "GET" : "POST"} ${ROUTES[r.i % 3]}`,
    {
      kind: SpanKind.SERVER,
      startTime: new Date(r.startMs + 1),
      attributes: {
        "http.route": ROUTES[r.i % 3],
        "http.request.method": r.i % 2 ? "GET" : "POST",
        "http.response.status_code": r.fails ? 500 : 200,
        "app.request_id": `req-${version}-${r.i}`,
      },
    },
    parent,
  );
  const db = tracer.startSpan(
    "SELECT accounts",
    { kind: SpanKind.CLIENT, startTime: new Date(r.startMs + 2), attributes: { "db.system": "postgresql" } },
    trace.setSpan(context.active(), server),
  );
  db.end(new Date(r.startMs + 2 + r.durationMs / 2));
  if (r.fails) server.setStatus({ code: SpanStatusCode.ERROR, message: "ledger timeout" });
  server.end(new Date(r.startMs + 1 + r.durationMs));
  gatewaySpan?.end(new Date(r.startMs + 2 + r.durationMs));
}

/** Stores the regression's spans at a minute 2 to 3 days ago no other test uses for this service. */
export async function ingestRegression(ctx: Ctx): Promise<Regression> {
  const service = uniqueName("ledger");
  const gateway = uniqueName("gateway");
  const at = Math.floor((Date.now() - 2 * 86_400_000 - Math.random() * 86_400_000) / 60_000) * 60_000;
  const resource = (version: string) => ({
    "service.name": service,
    "service.version": version,
    "host.name": "ledger-host-1",
    "deployment.environment.name": "prod",
  });
  let slow = 0;
  let failing = 0;
  await ingestSdkSpans(
    ctx,
    { old: resource(OLD_VERSION), new: resource(NEW_VERSION), gateway: { "service.name": gateway } },
    (tracers) => {
      for (let i = 0; i < 60; i++)
        request(tracers, "old", {
          startMs: at - 3_600_000 + i * 60_000,
          durationMs: 20,
          i,
          fails: false,
          fromGateway: i % 3 === 0,
        });
      for (let i = 0; i < 60; i++) {
        const isSlow = i % 5 !== 0;
        const fails = i % 5 === 1;
        slow += isSlow ? 1 : 0;
        failing += fails ? 1 : 0;
        const startMs = at + i * 30_000;
        request(tracers, "new", { startMs, durationMs: isSlow ? 300 : 20, i, fails, fromGateway: i % 3 === 0 });
      }
    },
  );
  return { service, gateway, at, before: 60, after: 60, slow, failing };
}
