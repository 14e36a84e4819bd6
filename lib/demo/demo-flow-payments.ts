import { between, lognormal, pick } from "./demo-random";
import { type At, httpCall, internal, publish, redis, sql } from "./demo-span-kinds";
import { type DemoTrace, KIND } from "./demo-trace-builder";
import { notify } from "./demo-flow-notify";
import { BURST, type Moment } from "./demo-traffic";

// Money movement: a card payment and an instant transfer. payments-api asks fraud-scoring first
// (its server span is the root's first child), then its database and cache, the acquirer or the
// Faster Payments gateway (outside providers, named by peer.service), posts to ledger, and
// publishes an event that notifications consumes.

const at = (trace: DemoTrace, service: string, parent: string, start: number): At => ({
  trace,
  service,
  parent,
  start,
});

/** fraud-scoring's POST /v1/score: features from Redis and PostgreSQL, then the model endpoint. */
function fraudScore(trace: DemoTrace, parent: string, start: number, moment: Moment) {
  const r = trace.random;
  const failed = r() < (moment.inBurst ? BURST.errorRate : 0.003);
  const id = trace.id();
  const features = trace.id();
  let f = redis(at(trace, "fraud-scoring", features, start + 0.4), "HGETALL", "customer:{id}", lognormal(r, 0.5, 0.3));
  f = redis(at(trace, "fraud-scoring", features, f + 0.05), "HGETALL", "device:{id}", lognormal(r, 0.5, 0.3));
  if (r() < 0.3)
    f = sql(at(trace, "fraud-scoring", features, f + 0.1), "SELECT", "merchant_risk", lognormal(r, 2.5, 0.4));
  internal(at(trace, "fraud-scoring", id, start + 0.3), "load features", f + 0.1 - (start + 0.3), {}, features);
  const model = httpCall(
    at(trace, "fraud-scoring", id, f + 0.3),
    {
      method: "POST",
      path: "/v1/projects/{project}/locations/europe-west1/endpoints/{endpoint}:predict",
      host: "europe-west1-aiplatform.googleapis.com",
      peer: "vertex-ai",
      status: 200,
      error: failed ? "deadline exceeded after 800 ms" : undefined,
      attributes: { "model.version": "gbm-2026-10" },
    },
    failed ? 800 + r() * 15 : lognormal(r, 11, 0.35),
  );
  let end = model.end + 0.2;
  if (!failed) end = internal(at(trace, "fraud-scoring", id, end), "apply rules", lognormal(r, 0.8, 0.3)).end + 0.2;
  trace.add({
    id,
    service: "fraud-scoring",
    name: "POST /v1/score",
    kind: KIND.server,
    parent,
    start,
    end,
    scope: "server",
    httpRoute: "/v1/score",
    httpStatus: failed ? 503 : 200,
    error: failed ? "fraud model endpoint timed out" : undefined,
    feature: "fraud-prevention",
    attributes: { "http.request.method": "POST", "score.threshold": 0.82 },
  });
  return { end, failed };
}

/** ledger's POST /v1/entries in one transaction; the 2026.11.3 build reads each balance on its own. */
function ledgerEntries(trace: DemoTrace, parent: string, start: number, moment: Moment, feature: string) {
  const r = trace.random;
  const id = trace.id();
  const step = (s: number) => at(trace, "ledger", id, s);
  const legs = between(r, 2, 4);
  let c = sql(step(start + 0.2), "BEGIN", "", lognormal(r, 0.3, 0.2));
  c = sql(
    step(c + 0.05),
    "SELECT",
    "accounts",
    lognormal(r, 1.2, 0.35),
    "SELECT id, currency, status FROM accounts WHERE id = ANY($1) FOR UPDATE",
  );
  if (moment.afterDeploy) {
    for (let leg = 0; leg < legs * 2; leg++)
      c = sql(
        step(c + 0.05),
        "SELECT",
        "balances",
        lognormal(r, 2.2, 0.3),
        "SELECT amount FROM balances WHERE account_id = $1",
      );
  }
  c = sql(
    step(c + 0.05),
    "INSERT",
    "entries",
    lognormal(r, 1.6, 0.35),
    "INSERT INTO entries (journal_id, account_id, amount, currency) VALUES ($1, $2, $3, $4)",
  );
  c = sql(
    step(c + 0.05),
    "UPDATE",
    "balances",
    lognormal(r, 1.4, 0.35),
    "UPDATE balances SET amount = amount + $2 WHERE account_id = $1",
  );
  const end = sql(step(c + 0.05), "COMMIT", "", lognormal(r, 1.8, 0.4)) + 0.3;
  trace.add({
    id,
    service: "ledger",
    name: "POST /v1/entries",
    kind: KIND.server,
    parent,
    start,
    end,
    scope: "server",
    httpRoute: "/v1/entries",
    httpStatus: 201,
    feature,
    attributes: { "http.request.method": "POST", "ledger.legs": legs },
  });
  return end;
}

/** payments-api's call to ledger: its client span, and ledger's server span under it. */
function postToLedger(trace: DemoTrace, parent: string, start: number, moment: Moment, feature: string) {
  const call = trace.id();
  const ledgerEnd = ledgerEntries(trace, call, start + 0.4, moment, feature);
  const request = {
    id: call,
    method: "POST",
    path: "/v1/entries",
    host: "ledger.prod.svc",
    peer: "ledger",
    status: 201,
  };
  return httpCall(at(trace, "payments-api", parent, start), request, ledgerEnd + 0.4 - start).end;
}

/** The root span of payments-api's request. */
function paymentsRoot(
  trace: DemoTrace,
  id: string,
  route: string,
  start: number,
  end: number,
  status: number,
  feature: string,
) {
  trace.add({
    id,
    service: "payments-api",
    name: `POST ${route}`,
    kind: KIND.server,
    parent: null,
    start,
    end,
    scope: "server",
    httpRoute: route,
    httpStatus: status,
    error: status >= 500 ? "fraud-scoring unavailable: HTTP 503" : undefined,
    feature,
    attributes: { "http.request.method": "POST", "enduser.id": `cust-${Math.floor(trace.random() * 90_000)}` },
  });
}

/** POST /v1/payments: fraud check, idempotency key, the acquirer (Adyen), ledger, an event. */
export function cardPayment(trace: DemoTrace, start: number, moment: Moment): void {
  const r = trace.random;
  const root = trace.id();
  const step = (s: number) => at(trace, "payments-api", root, s);
  const fraud = fraudScore(trace, root, start + 0.4, moment);
  if (fraud.failed) {
    const end = sql(
      step(fraud.end + 0.2),
      "UPDATE",
      "payments",
      lognormal(r, 1.2, 0.3),
      "UPDATE payments SET status = 'failed' WHERE id = $1",
    );
    return paymentsRoot(trace, root, "/v1/payments", start, end + 0.3, 502, "card-payments");
  }
  let c = redis(step(fraud.end + 0.2), "SET", "idempotency:{key} NX EX 86400", lognormal(r, 0.4, 0.3));
  c = sql(
    step(c + 0.05),
    "SELECT",
    "customers",
    lognormal(r, 1.1, 0.35),
    "SELECT id, status, risk_tier FROM customers WHERE id = $1",
  );
  c = sql(step(c + 0.05), "INSERT", "payments", lognormal(r, 1.5, 0.35));
  const refused = r() < 0.06;
  const acquirer = { method: "POST", host: "checkout-live.adyen.com", peer: "adyen", status: 200 };
  c = httpCall(
    step(c + 0.2),
    { ...acquirer, path: "/v71/payments", attributes: { "adyen.result_code": refused ? "Refused" : "Authorised" } },
    lognormal(r, 210, 0.35),
  ).end;
  if (!refused && r() < 0.08)
    c = httpCall(step(c + 0.5), { ...acquirer, path: "/v71/payments/details" }, lognormal(r, 160, 0.3)).end;
  if (refused) {
    const end = sql(
      step(c + 0.2),
      "UPDATE",
      "payments",
      lognormal(r, 1.2, 0.3),
      "UPDATE payments SET status = 'refused' WHERE id = $1",
    );
    return paymentsRoot(trace, root, "/v1/payments", start, end + 0.3, 402, "card-payments");
  }
  c = postToLedger(trace, root, c + 0.3, moment, "card-payments");
  c = sql(
    step(c + 0.05),
    "UPDATE",
    "payments",
    lognormal(r, 1.2, 0.3),
    "UPDATE payments SET status = 'captured' WHERE id = $1",
  );
  const event = publish(step(c + 0.1), "payments.completed", lognormal(r, 1.5, 0.4), "{payment_id}");
  paymentsRoot(trace, root, "/v1/payments", start, event.end + 0.3, 201, "card-payments");
  notify(trace, event.id, event.end + lognormal(r, 25, 0.6), "payments.completed", pick(r, ["push", "push", "email"]));
}

/** POST /v1/transfers: fraud check, a balance hold in ledger, then Faster Payments through ClearBank. */
export function instantTransfer(trace: DemoTrace, start: number, moment: Moment): void {
  const r = trace.random;
  const root = trace.id();
  const step = (s: number) => at(trace, "payments-api", root, s);
  const fraud = fraudScore(trace, root, start + 0.4, moment);
  if (fraud.failed) {
    const end = sql(step(fraud.end + 0.2), "UPDATE", "transfers", lognormal(r, 1.2, 0.3));
    return paymentsRoot(trace, root, "/v1/transfers", start, end + 0.3, 502, "instant-transfers");
  }
  let c = redis(step(fraud.end + 0.2), "SET", "idempotency:{key} NX EX 86400", lognormal(r, 0.4, 0.3));
  c = sql(
    step(c + 0.05),
    "SELECT",
    "accounts",
    lognormal(r, 1.3, 0.35),
    "SELECT available_balance FROM accounts WHERE id = $1",
  );
  c = postToLedger(trace, root, c + 0.3, moment, "instant-transfers");
  const gateway = {
    method: "POST",
    path: "/v3/payments/fps",
    host: "institution-api.clearbank.co.uk",
    peer: "clearbank",
    status: 202,
  };
  c = httpCall(step(c + 0.3), gateway, lognormal(r, 140, 0.35)).end;
  c = sql(
    step(c + 0.05),
    "UPDATE",
    "transfers",
    lognormal(r, 1.2, 0.3),
    "UPDATE transfers SET status = 'sent' WHERE id = $1",
  );
  const event = publish(step(c + 0.1), "transfers.completed", lognormal(r, 1.5, 0.4), "{transfer_id}");
  paymentsRoot(trace, root, "/v1/transfers", start, event.end + 0.3, 201, "instant-transfers");
  notify(trace, event.id, event.end + lognormal(r, 25, 0.6), "transfers.completed", "push");
}
