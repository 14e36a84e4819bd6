import {
  context,
  type HrTime,
  type Link,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ingestKey, listeningReceiver, send } from "@/collectors/otlp/test-requests";
import { valueSpans } from "@/test/compaction-values";
import { seededRandom } from "@/test/seeded-random";

// A generated day of spans sent to the real OTLP receiver: multi-service traces made by the real
// OpenTelemetry SDK (exported as OTLP/protobuf), with events, links, errors, 5xx, promoted
// attributes, arrays, extra nanoseconds, traces crossing hours and midnight and traces whose root
// never arrived; then hand-written requests with every OTLP value type (JSON and protobuf), spans
// older than the rest sent last (late), and one request sent twice.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface SpanDay {
  /** The window every span of the day falls in (late ones included). */
  from: Date;
  to: Date;
  services: string[];
  /** Sends the day's re-sent request once more (as a client retrying after compaction would). */
  resend: () => Promise<void>;
}

const RESOURCES = {
  gateway: { "service.name": "day-gateway", "deployment.environment.name": "prod", "vigil.feature": "checkout" },
  paymentsV1: { "service.name": "day-payments", "service.version": "1.0.0", "deployment.environment.name": "prod" },
  paymentsV2: { "service.name": "day-payments", "service.version": "1.1.0", "deployment.environment.name": "prod" },
  ledger: { "service.name": "day-ledger", "service.version": "7.0.0", "deployment.environment.name": "prod" },
  fraud: { "service.name": "day-fraud", "deployment.environment.name": "staging" },
} as const;
type Service = keyof typeof RESOURCES;

/** ms since 1970 plus some nanoseconds, as the SDK takes an exact time. */
const hr = (ms: number, extraNs = 0): HrTime => {
  const seconds = Math.floor(ms / 1000);
  return [seconds, (ms - seconds * 1000) * 1_000_000 + extraNs];
};

interface TraceShape {
  tracers: Record<Service, Tracer>;
  random: () => number;
  n: number;
  startMs: number;
  previous: Link[];
  /** Payments runs version 1.0.0 before this moment and 1.1.0 after (a deploy for detect-deploys). */
  deployMs: number;
}

const STATUS = [200, 200, 200, 201, 204, 404, 500, 503];

function child(tracer: Tracer, parent: Span, name: string, kind: SpanKind, at: HrTime, attributes = {}) {
  return tracer.startSpan(name, { kind, startTime: at, attributes }, trace.setSpan(context.active(), parent));
}

/** One checkout through the gateway, payments, ledger and sometimes fraud scoring. */
function checkoutTrace({ tracers, random, n, startMs, previous, deployMs }: TraceShape): Link {
  const status = STATUS[n % STATUS.length];
  const extra = n % 3 === 0 ? (n * 7919) % 1000 : 0;
  const root = tracers.gateway.startSpan("POST /checkout", {
    kind: SpanKind.SERVER,
    startTime: hr(startMs, extra),
    root: true,
    attributes: {
      "http.route": "/checkout",
      "http.request.method": "POST",
      "http.response.status_code": status,
      "user.id": `user-${n % 37}`,
      "cart.items": n % 9,
      "cart.total": Math.round(random() * 1e6) / 100,
      "cart.big": 2 ** 53 + (n % 2 ? 2 : 0),
      "retry.first": n % 4 === 0,
      "tags.list": ["a", `t${n % 5}`, ""],
      "scores.list": [1.5, -2, n],
      "flags.list": [true, false],
      "text.unicode": `ünïcödé ${"✓".repeat(n % 4)} \uFFFD`,
      "text.empty": "",
      "num.nan": n % 50 === 0 ? NaN : 1,
      "num.inf": n % 50 === 1 ? Number.NEGATIVE_INFINITY : 2,
    },
  });
  if (status >= 500) root.setStatus({ code: SpanStatusCode.ERROR, message: `gateway ${status}` });
  else root.setStatus({ code: SpanStatusCode.OK });
  const callAt = startMs + 2;
  const call = child(tracers.gateway, root, "POST day-payments", SpanKind.CLIENT, hr(callAt, 5), {
    "peer.service": "day-payments",
    "server.address": "payments.internal",
  });
  const paymentsTracer = startMs < deployMs ? tracers.paymentsV1 : tracers.paymentsV2;
  const payments = paymentsTracer.startSpan(
    "POST /v1/payments",
    {
      kind: SpanKind.SERVER,
      startTime: hr(callAt + 1, 1),
      links: previous.slice(0, n % 3),
      attributes: {
        "http.route": "/v1/payments",
        "http.response.status_code": status,
        "vigil.feature": "card-payments",
      },
    },
    trace.setSpan(context.active(), call),
  );
  payments.addEvent("validated", { "rules.checked": n % 11, "rules.ok": true }, hr(callAt + 2, 333));
  if (n % 5 === 0) payments.addEvent("no attributes", hr(callAt + 3));
  const db = child(paymentsTracer, payments, "INSERT payments", SpanKind.CLIENT, hr(callAt + 3), {
    "db.system": "postgresql",
    "db.statement": `INSERT INTO payments VALUES ($1, $2) -- ${n}`,
  });
  db.end(hr(callAt + 3 + (n % 13)));
  // A settlement an hour later, in another hour (and for the day's last trace, another day).
  const ledgerAt = n % 17 === 0 ? startMs + 65 * 60_000 : callAt + 5;
  const ledger = child(tracers.ledger, payments, "POST /v1/entries", SpanKind.SERVER, hr(ledgerAt, extra), {
    "http.route": "/v1/entries",
    "http.response.status_code": 200,
  });
  ledger.end(hr(ledgerAt + 4, 2));
  if (n % 4 === 1) {
    const fraud = child(tracers.fraud, payments, "score", SpanKind.SERVER, hr(callAt + 6), { "model.version": "v3" });
    fraud.recordException(new Error(`model timed out after ${n} ms`), hr(callAt + 7));
    fraud.setStatus({ code: SpanStatusCode.ERROR, message: "timeout" });
    fraud.end(hr(callAt + 40));
  }
  payments.end(hr(callAt + 30 + (n % 50)));
  call.end(hr(callAt + 31 + (n % 50)));
  // A root that never arrives: its trace is listed with rootMissing.
  if (n % 23 !== 7) root.end(hr(callAt + 35 + (n % 50), 999));
  return { context: root.spanContext(), attributes: { "link.n": n } };
}

/** `traces` checkouts over [dayStart, dayStart + 1 day), exported by the SDK to `url`. */
async function sdkTraces(url: string, key: string, dayStartMs: number, traces: number, seed: number) {
  const random = seededRandom(seed);
  const providers = Object.entries(RESOURCES).map(([name, attributes]) => {
    const exporter = new OTLPTraceExporter({ url, headers: { authorization: `Bearer ${key}` } });
    const processor = new BatchSpanProcessor(exporter, { maxQueueSize: 1_000_000, maxExportBatchSize: 500 });
    return [
      name as Service,
      new BasicTracerProvider({ resource: resourceFromAttributes(attributes), spanProcessors: [processor] }),
    ] as const;
  });
  const tracers = Object.fromEntries(providers.map(([name, p]) => [name, p.getTracer("day", "1.0.0")])) as Record<
    Service,
    Tracer
  >;
  let previous: Link[] = [];
  for (let n = 0; n < traces; n++) {
    // The last checkout starts 20 s before midnight, so its spans fall in two days.
    const startMs =
      n === traces - 1
        ? dayStartMs + DAY_MS - 20_000
        : dayStartMs + Math.floor((n / traces) * DAY_MS + random() * 1000);
    previous = [
      checkoutTrace({ tracers, random, n, startMs, previous, deployMs: dayStartMs + DAY_MS / 2 }),
      ...previous,
    ].slice(0, 2);
  }
  for (const [, provider] of providers) await provider.shutdown();
}

async function sendOk(url: string, key: string, body: Record<string, unknown>, as: "json" | "protobuf") {
  const answer = await send(url, key, body, as);
  if (answer.status !== 200) throw new Error(`receiver answered ${answer.status}: ${answer.message}`);
}

/**
 * Sends the generated day starting at `dayStartMs` (a UTC midnight within the retention) to a real
 * receiver: `traces` SDK checkouts (about 5 spans each), every-type requests, late spans, a re-send.
 */
export async function sendSpanDay(dayStartMs: number, traces = 300, seed = 21): Promise<SpanDay> {
  const { receiver, url } = await listeningReceiver(8 * 1024 * 1024);
  const key = await ingestKey(["ingest:traces"]);
  let twice: Record<string, unknown> = {};
  try {
    await sdkTraces(url, key, dayStartMs, traces, seed);
    const random = seededRandom(seed + 1);
    const long = "long value ✓ ".repeat(20_000);
    const at = (ms: number) => BigInt(dayStartMs + ms) * 1_000_000n;
    for (let h = 0; h < 24; h += 5) {
      const startNs = at(h * HOUR_MS + 17 * 60_000) + 123n;
      await sendOk(url, key, valueSpans({ random, startNs, service: "day-values", long }), "json");
      await sendOk(url, key, valueSpans({ random, startNs, service: "day-values-pb", long }), "protobuf");
    }
    // Sent twice: the second copy is a duplicate and must not be stored again.
    twice = valueSpans({ random, startNs: at(9 * HOUR_MS), service: "day-values", long: "short" });
    await sendOk(url, key, twice, "protobuf");
    await sendOk(url, key, twice, "json");
    // Late: spans hours older than the rest of the day, arriving last.
    const lateNs = at(-5 * HOUR_MS) + 1n;
    await sendOk(url, key, valueSpans({ random, startNs: lateNs, service: "day-late", long: "late" }), "json");
    await sendOk(url, key, valueSpans({ random, startNs: lateNs, service: "day-payments", long: "late" }), "protobuf");
  } finally {
    await receiver.close();
  }
  return {
    from: new Date(dayStartMs - 6 * HOUR_MS),
    to: new Date(dayStartMs + DAY_MS + 2 * HOUR_MS),
    services: ["day-gateway", "day-payments", "day-ledger", "day-fraud", "day-values", "day-values-pb", "day-late"],
    resend: async () => {
      const again = await listeningReceiver(8 * 1024 * 1024);
      try {
        await sendOk(again.url, key, twice, "protobuf");
      } finally {
        await again.receiver.close();
      }
    },
  };
}
