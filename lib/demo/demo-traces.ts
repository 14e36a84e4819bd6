import { authorize, type Ctx } from "../context";
import { ingestSpanRecords } from "../traces/ingest-span-records";
import { rollupSpans } from "../traces/rollup-spans";
import type { SpanRecord } from "../traces/span-record";
import { withSpan } from "../telemetry";

// Two days of traces for the demo platform, deterministic for a given hour:
// - payments-api calls fraud-scoring and ledger (and sometimes notifications); kyc calls notifications;
// - fraud-scoring has an error burst of half an hour, ten hours ago, which fails the payments that hit it;
// - ledger is deployed (service.version 2026.11.2 → 2026.11.3) twenty hours ago and is 2.5x slower after.

export const DEMO_TRACE_HOURS = 48;
/** Days of sparse traces before the dense hours (the demo's month of cost lines needs them). */
export const DEMO_TRACE_HISTORY_DAYS = 31;
const HISTORY_SAMPLE = 32;
/** OpenTelemetry probability sampling at 1/32: the rollups count each such span 32 times. */
const HISTORY_TRACE_STATE = "ot=th:f8";
const BURST = { startsHoursAgo: 10, minutes: 30, errorRate: 0.35 };
const DEPLOY_HOURS_AGO = 20;

/** A small deterministic generator (mulberry32), so the demo is the same for the same minute. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (random: () => number, digits: number) =>
  Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join("");

/** Log-normal-ish latency around `medianMs`. */
function latency(random: () => number, medianMs: number): number {
  const gaussian = Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
  return medianMs * Math.exp(0.45 * gaussian);
}

interface SpanSpec {
  service: string;
  version: string;
  name: string;
  kind: number;
  startMs: number;
  durationMs: number;
  parent: string | null;
  failed?: boolean;
  attributes?: Record<string, unknown>;
  httpRoute?: string;
  httpStatus?: number;
  dbSystem?: string;
  feature?: string;
}

function record(traceId: string, spanId: string, spec: SpanSpec): SpanRecord {
  const startNs = BigInt(Math.round(spec.startMs * 1000)) * 1000n;
  return {
    traceId,
    spanId,
    parentSpanId: spec.parent,
    traceState: null,
    flags: 1,
    service: spec.service,
    name: spec.name,
    kind: spec.kind,
    startNs,
    endNs: startNs + BigInt(Math.round(spec.durationMs * 1e6)),
    statusCode: spec.failed ? 2 : 0,
    statusMessage: spec.failed ? "upstream error" : null,
    httpRoute: spec.httpRoute ?? null,
    httpStatusCode: spec.httpStatus ?? null,
    dbSystem: spec.dbSystem ?? null,
    peerService: null,
    environment: "prod",
    feature: spec.feature ?? null,
    attributes: spec.attributes ?? {},
    resource: {
      "service.name": spec.service,
      "service.version": spec.version,
      "deployment.environment.name": "prod",
      "cloud.region": "eu-west-1",
    },
    scopeName: "vigil-demo",
    scopeVersion: "1.0.0",
    events: [],
    links: [],
  };
}

/** The traces that start in one minute (ms since epoch, minute-aligned) of the demo. */
export function demoTracesForMinute(minuteMs: number, nowMs: number): SpanRecord[] {
  const random = rng(Math.floor(minuteMs / 60_000));
  const hourOfDay = new Date(minuteMs).getUTCHours();
  const load = 0.55 + 0.45 * Math.sin(((hourOfDay - 6) / 24) * 2 * Math.PI); // busiest mid-afternoon UTC
  const inBurst =
    minuteMs >= nowMs - BURST.startsHoursAgo * 3_600_000 &&
    minuteMs < nowMs - BURST.startsHoursAgo * 3_600_000 + BURST.minutes * 60_000;
  const afterDeploy = minuteMs >= nowMs - DEPLOY_HOURS_AGO * 3_600_000;
  const spans: SpanRecord[] = [];
  const payments = Math.round(4 * load + random());
  for (let i = 0; i < payments; i++) {
    const traceId = hex(random, 32);
    const rootId = hex(random, 16);
    const start = minuteMs + random() * 59_000;
    const fraudFailed = random() < (inBurst ? BURST.errorRate : 0.004);
    const fraudMs = latency(random, 18);
    const ledgerMs = latency(random, afterDeploy ? 30 : 12);
    const instant = random() < 0.3;
    const notify = random() < 0.2;
    const rootMs = 4 + fraudMs + (fraudFailed ? 0 : ledgerMs + (notify ? 6 : 0));
    const route = instant ? "/v1/transfers" : "/v1/payments";
    spans.push(
      record(traceId, rootId, {
        service: "payments-api",
        version: "2026.11.5",
        name: `POST ${route}`,
        kind: 2,
        startMs: start,
        durationMs: rootMs,
        parent: null,
        failed: fraudFailed,
        httpRoute: route,
        httpStatus: fraudFailed ? 502 : 201,
        feature: instant ? "instant-transfers" : "card-payments",
        attributes: { "http.request.method": "POST", "enduser.id": `cust-${Math.floor(random() * 90_000)}` },
      }),
    );
    const fraudId = hex(random, 16);
    spans.push(
      record(traceId, fraudId, {
        service: "fraud-scoring",
        version: "2026.11.1",
        name: "POST /v1/score",
        kind: 2,
        startMs: start + 2,
        durationMs: fraudMs,
        parent: rootId,
        failed: fraudFailed,
        httpRoute: "/v1/score",
        httpStatus: fraudFailed ? 503 : 200,
        feature: "fraud-prevention",
        attributes: { "model.version": "gbm-2026-10", "score.threshold": 0.82 },
      }),
    );
    if (fraudFailed) continue;
    const ledgerId = hex(random, 16);
    const ledgerStart = start + 3 + fraudMs;
    spans.push(
      record(traceId, ledgerId, {
        service: "ledger",
        version: afterDeploy ? "2026.11.3" : "2026.11.2",
        name: "POST /v1/entries",
        kind: 2,
        startMs: ledgerStart,
        durationMs: ledgerMs,
        parent: rootId,
        httpRoute: "/v1/entries",
        httpStatus: 201,
        feature: instant ? "instant-transfers" : "card-payments",
      }),
      record(traceId, hex(random, 16), {
        service: "ledger",
        version: afterDeploy ? "2026.11.3" : "2026.11.2",
        name: "INSERT entries",
        kind: 3,
        startMs: ledgerStart + 1,
        durationMs: ledgerMs * 0.7,
        parent: ledgerId,
        dbSystem: "postgresql",
        attributes: { "db.operation.name": "INSERT", "db.collection.name": "entries" },
      }),
    );
    if (notify) {
      spans.push(
        record(traceId, hex(random, 16), {
          service: "notifications",
          version: "2026.10.9",
          name: "POST /v1/notify",
          kind: 2,
          startMs: ledgerStart + ledgerMs + 1,
          durationMs: latency(random, 5),
          parent: rootId,
          httpRoute: "/v1/notify",
          httpStatus: 202,
          attributes: { "notification.channel": "push" },
        }),
      );
    }
  }
  if (random() < 0.8 * load + 0.2) {
    const traceId = hex(random, 32);
    const rootId = hex(random, 16);
    const start = minuteMs + random() * 59_000;
    const checkMs = latency(random, 140);
    spans.push(
      record(traceId, rootId, {
        service: "kyc",
        version: "2026.11.0",
        name: "POST /v1/verifications",
        kind: 2,
        startMs: start,
        durationMs: checkMs + 8,
        parent: null,
        httpRoute: "/v1/verifications",
        httpStatus: 201,
        feature: "account-onboarding",
        attributes: { "kyc.provider": "onfido" },
      }),
      record(traceId, hex(random, 16), {
        service: "kyc",
        version: "2026.11.0",
        name: "GET sanctions-list",
        kind: 3,
        startMs: start + 2,
        durationMs: checkMs,
        parent: rootId,
        attributes: { "http.request.method": "GET", "server.address": "sanctions.example" },
      }),
      record(traceId, hex(random, 16), {
        service: "notifications",
        version: "2026.10.9",
        name: "POST /v1/notify",
        kind: 2,
        startMs: start + checkMs + 4,
        durationMs: latency(random, 5),
        parent: rootId,
        httpRoute: "/v1/notify",
        httpStatus: 202,
        attributes: { "notification.channel": "email" },
      }),
    );
  }
  return spans;
}

export interface DemoTracesResult {
  spans: number;
  hours: number;
}

/**
 * Stores the demo's traces for the last `hours` through the same ingest verb as the OTLP receiver,
 * then rolls them up, so the service views have history at once. Re-running skips spans already
 * stored (their ids depend only on the minute).
 */
export async function loadDemoTraces(
  ctx: Ctx,
  nowMs: number = Date.now(),
  hours = DEMO_TRACE_HOURS,
  historyDays = DEMO_TRACE_HISTORY_DAYS,
): Promise<DemoTracesResult> {
  authorize(ctx, "demo:load");
  return withSpan("loadDemoTraces", { "vigil.hours": hours }, async () => {
    const end = Math.floor(nowMs / 60_000) * 60_000;
    const dense = end - hours * 3_600_000;
    const start = Math.min(dense, end - historyDays * 86_400_000);
    let batch: SpanRecord[] = [];
    let total = 0;
    for (let minute = start; minute < end; minute += 60_000) {
      // Before the dense hours, one minute in HISTORY_SAMPLE, marked as sampled at that rate, so
      // the month has realistic request counts (and shared costs a split) for a fraction of the spans.
      if (minute < dense) {
        if ((minute / 60_000) % HISTORY_SAMPLE !== 0) continue;
        batch.push(...demoTracesForMinute(minute, nowMs).map((span) => ({ ...span, traceState: HISTORY_TRACE_STATE })));
      } else {
        batch.push(...demoTracesForMinute(minute, nowMs));
      }
      if (batch.length >= 5_000) {
        total += batch.length;
        await ingestSpanRecords(ctx, batch);
        batch = [];
      }
    }
    total += batch.length;
    await ingestSpanRecords(ctx, batch);
    await rollupSpans(ctx, { from: new Date(start), to: new Date(end) });
    return { spans: total, hours };
  });
}
