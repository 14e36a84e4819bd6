import type { SpanRecord } from "../traces/span-record";

// One minute of the demo platform's traces, deterministic for the minute:
// - payments-api calls fraud-scoring and ledger (and sometimes notifications); kyc calls notifications;
// - fraud-scoring has an error burst of half an hour, ten hours ago, which fails the payments that hit it;
// - ledger is deployed (service.version 2026.11.2 → 2026.11.3) twenty hours ago and is 2.5x slower after.

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

/** What a minute of the demo is like: in fraud-scoring's error burst, after ledger's deploy. */
interface Moment {
  inBurst: boolean;
  afterDeploy: boolean;
}

/** Ledger's entry and its INSERT for a payment, and sometimes the notification after it. */
function ledgerCalls(
  random: () => number,
  traceId: string,
  rootId: string,
  call: { startMs: number; durationMs: number; feature: string; afterDeploy: boolean; notify: boolean },
): SpanRecord[] {
  const ledgerId = hex(random, 16);
  const version = call.afterDeploy ? "2026.11.3" : "2026.11.2";
  const spans = [
    record(traceId, ledgerId, {
      service: "ledger",
      version,
      name: "POST /v1/entries",
      kind: 2,
      startMs: call.startMs,
      durationMs: call.durationMs,
      parent: rootId,
      httpRoute: "/v1/entries",
      httpStatus: 201,
      feature: call.feature,
    }),
    record(traceId, hex(random, 16), {
      service: "ledger",
      version,
      name: "INSERT entries",
      kind: 3,
      startMs: call.startMs + 1,
      durationMs: call.durationMs * 0.7,
      parent: ledgerId,
      dbSystem: "postgresql",
      attributes: { "db.operation.name": "INSERT", "db.collection.name": "entries" },
    }),
  ];
  if (!call.notify) return spans;
  const notification = record(traceId, hex(random, 16), {
    service: "notifications",
    version: "2026.10.9",
    name: "POST /v1/notify",
    kind: 2,
    startMs: call.startMs + call.durationMs + 1,
    durationMs: latency(random, 5),
    parent: rootId,
    httpRoute: "/v1/notify",
    httpStatus: 202,
    attributes: { "notification.channel": "push" },
  });
  return [...spans, notification];
}

/** One payment: payments-api calls fraud-scoring, then (unless it failed) ledger and sometimes notifications. */
function paymentTrace(random: () => number, minuteMs: number, moment: Moment): SpanRecord[] {
  const traceId = hex(random, 32);
  const rootId = hex(random, 16);
  const start = minuteMs + random() * 59_000;
  const fraudFailed = random() < (moment.inBurst ? BURST.errorRate : 0.004);
  const fraudMs = latency(random, 18);
  const ledgerMs = latency(random, moment.afterDeploy ? 30 : 12);
  const instant = random() < 0.3;
  const notify = random() < 0.2;
  const rootMs = 4 + fraudMs + (fraudFailed ? 0 : ledgerMs + (notify ? 6 : 0));
  const route = instant ? "/v1/transfers" : "/v1/payments";
  const feature = instant ? "instant-transfers" : "card-payments";
  const root = record(traceId, rootId, {
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
    feature,
    attributes: { "http.request.method": "POST", "enduser.id": `cust-${Math.floor(random() * 90_000)}` },
  });
  const fraud = record(traceId, hex(random, 16), {
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
  });
  if (fraudFailed) return [root, fraud];
  const ledger = {
    startMs: start + 3 + fraudMs,
    durationMs: ledgerMs,
    feature,
    afterDeploy: moment.afterDeploy,
    notify,
  };
  return [root, fraud, ...ledgerCalls(random, traceId, rootId, ledger)];
}

/** One verification: kyc checks a sanctions list, then notifications sends an email. */
function kycTrace(random: () => number, minuteMs: number): SpanRecord[] {
  const traceId = hex(random, 32);
  const rootId = hex(random, 16);
  const start = minuteMs + random() * 59_000;
  const checkMs = latency(random, 140);
  return [
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
  ];
}

/** The traces that start in one minute (ms since epoch, minute-aligned) of the demo. */
export function demoTracesForMinute(minuteMs: number, nowMs: number): SpanRecord[] {
  const random = rng(Math.floor(minuteMs / 60_000));
  const hourOfDay = new Date(minuteMs).getUTCHours();
  const load = 0.55 + 0.45 * Math.sin(((hourOfDay - 6) / 24) * 2 * Math.PI); // busiest mid-afternoon UTC
  const burstStart = nowMs - BURST.startsHoursAgo * 3_600_000;
  const moment = {
    inBurst: minuteMs >= burstStart && minuteMs < burstStart + BURST.minutes * 60_000,
    afterDeploy: minuteMs >= nowMs - DEPLOY_HOURS_AGO * 3_600_000,
  };
  const spans: SpanRecord[] = [];
  const payments = Math.round(4 * load + random());
  for (let i = 0; i < payments; i++) spans.push(...paymentTrace(random, minuteMs, moment));
  if (random() < 0.8 * load + 0.2) spans.push(...kycTrace(random, minuteMs));
  return spans;
}
