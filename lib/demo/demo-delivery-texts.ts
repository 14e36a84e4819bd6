// What the demo's delivery records say: who is on each team, what their pull requests change and
// what their pages read like, so the Delivery page and the service timelines read as a real team's.

export const DEMO_PEOPLE: Record<string, readonly string[]> = {
  payments: ["Priya Raman", "Tomás Ferreira", "Hannah Okafor", "Jonas Lindqvist", "Mei Tanaka"],
  "core-banking": ["Graham Whitfield", "Sabine Kraus", "Olusegun Adeyemi", "Irene Castellano"],
  risk: ["Arjun Mehta", "Léa Moreau", "Daniel Novak"],
  onboarding: ["Sofia Rossi", "Kwame Mensah", "Ewa Kowalska"],
  platform: ["Ben Carter", "Aiko Suzuki", "Rafael Ortega"],
};

export const DEMO_CHANGES: Record<string, readonly string[]> = {
  "payments-api": [
    "Retry Adyen 502s once with the same idempotency key",
    "Return 409 when a payment is captured twice",
    "Add merchant category code to the authorisation request",
    "Expire idempotency keys after 24 h instead of 48 h",
    "Log the acquirer reference on every refused payment",
    "Validate IBAN checksum before creating a transfer",
    "Move 3-D Secure challenge timeout to config",
    "Emit payments.completed after the ledger commit, not before",
    "Cap instant transfers at the customer's daily limit",
    "Map Adyen refusal reason 'Not enough balance' to insufficient_funds",
    "Bump @adyen/api-library to 23.1.0",
    "Drop the unused v0 payment status endpoint",
    "Add p99 histogram for ClearBank submit latency",
    "Feature flag: partial captures for marketplace merchants",
    "Reject payments in currencies the merchant has not enabled",
    "Trace the idempotency check as its own span",
  ],
  ledger: [
    "Post FX revaluation entries in the entry's booking currency",
    "Add account_id, booked_at index on entry_lines",
    "Reject unbalanced entries before opening the transaction",
    "Statement job: stream lines instead of loading the month",
    "Upgrade Spring Boot to 3.3.5",
    "Lock accounts in id order to avoid deadlocks on transfers",
    "Add end-of-day balance snapshot table",
    "Migrate interest accrual to the new day-count convention",
    "Backfill missing value dates on 2024 entries",
    "Hold reversal: release the hold and post in one transaction",
    "Expose entry audit trail over the internal API",
    "Split suspense account by currency",
  ],
  "fraud-scoring": [
    "Add device-age feature to the scoring request",
    "Cache merchant risk lookups for 5 minutes",
    "Rule: step-up for first payment to a new payee over £1,000",
    "Shadow-score with gbm-2026-11 candidate model",
    "Time out the feature store after 40 ms and score without it",
    "Lower velocity rule threshold for gift-card merchants",
    "Return the top three reasons with each score",
    "Drop the deprecated v1 rules engine",
  ],
  kyc: [
    "Re-screen against the OFSI sanctions list on update",
    "Retry Onfido webhooks with exponential backoff",
    "Accept Dutch residence permits as proof of identity",
    "Store the document check result, not the image",
    "Add manual review queue for name mismatches",
    "Upgrade Cosmos DB SDK to 4.x",
    "PEP screening: fuzzy match transliterated names",
    "Expire abandoned verifications after 30 days",
  ],
  notifications: [
    "Move SMS to the EU Twilio region",
    "Batch push notifications per device token",
    "Add Welsh templates for payment receipts",
    "Dead-letter SES bounces after three attempts",
    "Rate-limit marketing email per customer",
    "Use the payment's locale for receipt amounts",
    "Upgrade Node.js runtime to 22 on the dispatch Lambda",
    "Template preview endpoint for the support console",
  ],
};

export interface DemoPage {
  title: string;
  severity: string;
}

/** Pages as the alerting rules title them in PagerDuty; severity is the PagerDuty priority. */
export const DEMO_PAGES: Record<string, readonly DemoPage[]> = {
  "payments-api": [
    { title: "payments-api: 5xx rate above 2% on POST /v1/payments", severity: "P1" },
    { title: "payments-api: Adyen authorisation latency p95 above 1.5 s", severity: "P2" },
    { title: "payments-api: idempotency conflicts above baseline", severity: "P3" },
  ],
  ledger: [
    { title: "ledger: entries failing to post (deadlock detected)", severity: "P1" },
    { title: "ledger: end-of-day balances do not reconcile", severity: "P1" },
    { title: "ledger: statement job missed its 06:00 deadline", severity: "P2" },
    { title: "ledger: Aurora replica lag above 30 s", severity: "P2" },
  ],
  "fraud-scoring": [
    { title: "fraud-scoring: score latency p99 above 300 ms", severity: "P2" },
    { title: "fraud-scoring: decline rate 3x above baseline", severity: "P1" },
  ],
  kyc: [
    { title: "kyc: Onfido webhook backlog above 500", severity: "P2" },
    { title: "kyc: verification completion rate below 80%", severity: "P2" },
    { title: "kyc: sanctions screening job failing", severity: "P1" },
  ],
  notifications: [
    { title: "notifications: SES bounce rate above 5%", severity: "P3" },
    { title: "notifications: push delivery queue age above 10 min", severity: "P3" },
  ],
};
