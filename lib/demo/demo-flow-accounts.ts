import { between, lognormal } from "./demo-random";
import { type At, httpCall, internal, publish, redis, sql } from "./demo-span-kinds";
import { type DemoTrace, KIND } from "./demo-trace-builder";
import { notify } from "./demo-flow-notify";

// Reads and onboarding: a payment's status, an identity verification (documents, the identity
// provider, sanctions lists one by one), its status, and a monthly statement rendered by ledger.

interface Root {
  service: string;
  method: string;
  route: string;
  status: number;
  feature: string;
  error?: string;
}

function rootSpan(trace: DemoTrace, id: string, root: Root, start: number, end: number): void {
  trace.add({
    id,
    service: root.service,
    name: `${root.method} ${root.route}`,
    kind: KIND.server,
    parent: null,
    start,
    end,
    scope: "server",
    httpRoute: root.route,
    httpStatus: root.status,
    error: root.error,
    feature: root.feature,
    attributes: { "http.request.method": root.method },
  });
}

/** A read behind a rate limit and a bearer token: the session from Redis, then the record (cached for payments). */
function read(trace: DemoTrace, start: number, root: Root, table: string, cached: boolean): void {
  const r = trace.random;
  const id = trace.id();
  const step = (s: number): At => ({ trace, service: root.service, parent: id, start: s });
  let c = redis(step(start + 0.2), "INCR", "ratelimit:{client_id}", lognormal(r, 0.3, 0.3));
  c = internal(step(c + 0.05), "verify token", lognormal(r, 0.3, 0.3), { "auth.scheme": "bearer" }).end;
  c = redis(step(c + 0.05), "GET", "session:{token}", lognormal(r, 0.4, 0.3));
  const hit = cached && r() < 0.7;
  if (cached) c = redis(step(c + 0.05), "GET", `${table}:{id}`, lognormal(r, 0.4, 0.3));
  if (!hit) c = sql(step(c + 0.05), "SELECT", table, lognormal(r, 1.6, 0.4), `SELECT * FROM ${table} WHERE id = $1`);
  if (cached && !hit) c = redis(step(c + 0.05), "SET", `${table}:{id} EX 30`, lognormal(r, 0.4, 0.3));
  if (!cached)
    c = sql(
      step(c + 0.05),
      "SELECT",
      "checks",
      lognormal(r, 1.4, 0.4),
      "SELECT * FROM checks WHERE verification_id = $1",
    );
  const missing = r() < 0.03;
  rootSpan(trace, id, { ...root, status: missing ? 404 : 200 }, start, c + 0.3);
}

export function paymentStatus(trace: DemoTrace, start: number): void {
  const root = {
    service: "payments-api",
    method: "GET",
    route: "/v1/payments/{payment_id}",
    status: 200,
    feature: "card-payments",
  };
  read(trace, start, root, "payments", true);
}

export function verificationStatus(trace: DemoTrace, start: number): void {
  const root = {
    service: "kyc",
    method: "GET",
    route: "/v1/verifications/{verification_id}",
    status: 200,
    feature: "account-onboarding",
  };
  read(trace, start, root, "verifications", false);
}

/** POST /v1/verifications: documents to blob storage, Onfido's check, then every sanctions list. */
export function verification(trace: DemoTrace, start: number): void {
  const r = trace.random;
  const id = trace.id();
  const step = (s: number, parent = id): At => ({ trace, service: "kyc", parent, start: s });
  let c = sql(step(start + 0.3), "INSERT", "verifications", lognormal(r, 1.8, 0.35));
  const blob = {
    method: "PUT",
    path: "/{container}/{blob}",
    host: "kycdocuments.blob.core.windows.net",
    peer: "azure-blob-storage",
    status: 201,
  };
  for (const side of ["front", "back"])
    c = httpCall(step(c + 0.2), { ...blob, attributes: { "document.side": side } }, lognormal(r, 38, 0.4)).end;
  const providerDown = r() < 0.015;
  const onfido = {
    method: "POST",
    path: "/v3.6/checks",
    host: "api.eu.onfido.com",
    peer: "onfido",
    status: providerDown ? 503 : 201,
  };
  c = httpCall(step(c + 0.3), onfido, lognormal(r, providerDown ? 90 : 420, 0.4)).end;
  if (providerDown) {
    const error = "identity provider unavailable: HTTP 503";
    return rootSpan(
      trace,
      id,
      { service: "kyc", method: "POST", route: "/v1/verifications", status: 502, feature: "account-onboarding", error },
      start,
      c + 0.5,
    );
  }
  c = screenSanctions(trace, id, c + 0.3);
  c = sql(
    step(c + 0.1),
    "UPDATE",
    "verifications",
    lognormal(r, 1.4, 0.35),
    "UPDATE verifications SET status = $2 WHERE id = $1",
  );
  const event = publish(step(c + 0.1), "kyc.completed", lognormal(r, 1.5, 0.4), "{verification_id}");
  rootSpan(
    trace,
    id,
    { service: "kyc", method: "POST", route: "/v1/verifications", status: 201, feature: "account-onboarding" },
    start,
    event.end + 0.3,
  );
  notify(trace, event.id, event.end + lognormal(r, 30, 0.6), "kyc.completed", "email");
}

/** Each sanctions and PEP list the customer's jurisdictions need, four lookups at a time. */
function screenSanctions(trace: DemoTrace, parent: string, start: number): number {
  const r = trace.random;
  const id = trace.id();
  const lists = between(r, 8, 44);
  const lanes = [start + 0.2, start + 0.3, start + 0.4, start + 0.5];
  for (let list = 0; list < lists; list++) {
    const lane = list % lanes.length;
    const lookup = {
      method: "GET",
      path: "/v1/lists/{list_id}/search",
      host: "api.complyadvantage.com",
      peer: "complyadvantage",
      status: 200,
    };
    lanes[lane] =
      httpCall({ trace, service: "kyc", parent: id, start: lanes[lane] }, lookup, lognormal(r, 35, 0.35)).end + 0.1;
  }
  const end = Math.max(...lanes) + 0.2;
  internal({ trace, service: "kyc", parent, start }, "screen sanctions", end - start, { "sanctions.lists": lists }, id);
  return end;
}

/**
 * ledger's monthly statement: most months are rendered already (a signed link to S3); the rest read
 * the month's entries, render a PDF and store it first.
 */
export function statement(trace: DemoTrace, start: number): void {
  const r = trace.random;
  const id = trace.id();
  const step = (s: number): At => ({ trace, service: "ledger", parent: id, start: s });
  let c = sql(step(start + 0.2), "SELECT", "accounts", lognormal(r, 1.1, 0.3));
  c = sql(step(c + 0.05), "SELECT", "statements", lognormal(r, 1.2, 0.3));
  if (r() < 0.15) {
    const query = "SELECT * FROM entries WHERE account_id = $1 AND posted_at >= $2 AND posted_at < $3";
    c = sql(step(c + 0.05), "SELECT", "entries", lognormal(r, 65, 0.5), query);
    c = internal(step(c + 0.1), "render statement pdf", lognormal(r, 90, 0.4)).end;
    const s3 = {
      method: "PUT",
      path: "/{key}",
      host: "ledger-archive.s3.eu-west-1.amazonaws.com",
      peer: "s3",
      status: 200,
    };
    c = httpCall(step(c + 0.2), s3, lognormal(r, 45, 0.4)).end;
  }
  c = internal(step(c + 0.05), "presign statement url", lognormal(r, 0.4, 0.3)).end;
  c = sql(step(c + 0.05), "INSERT", "statement_downloads", lognormal(r, 1.3, 0.35));
  const root = {
    service: "ledger",
    method: "GET",
    route: "/v1/accounts/{account_id}/statements/{period}",
    status: 200,
    feature: "statements",
  };
  rootSpan(trace, id, root, start, c + 0.3);
}
