import { createHmac, timingSafeEqual } from "node:crypto";
import type { SignatureCheck } from "./verify-github-signature";

// PagerDuty v3 webhooks (developer docs, "Verifying Signatures"): `X-PagerDuty-Signature` holds one
// or more comma-separated `v1=<hex HMAC-SHA256 of the raw body>`, one per signing secret while a
// secret is rotated; the delivery is genuine when any v1 signature matches. Other versions are skipped.

const V1 = /^v1=([0-9a-fA-F]{64})$/;
/** More than this many signatures in one header is not a rotation. */
const MAX_SIGNATURES = 10;

/** Whether `header` carries PagerDuty's v1 signature of `rawBody` under `secret`. */
export function verifyPagerDutySignature(
  rawBody: Uint8Array,
  header: string | null | undefined,
  secret: string,
): SignatureCheck {
  if (!secret) return { ok: false, reason: "no PagerDuty webhook secret is configured" };
  if (!header) return { ok: false, reason: "X-PagerDuty-Signature: is missing" };
  const parts = header.split(",").map((part) => part.trim());
  if (parts.length > MAX_SIGNATURES) {
    return { ok: false, reason: `X-PagerDuty-Signature: must hold at most ${MAX_SIGNATURES} signatures` };
  }
  const sent = parts.flatMap((part) => {
    const match = V1.exec(part);
    return match ? [Buffer.from(match[1]!, "hex")] : [];
  });
  if (sent.length === 0) {
    return { ok: false, reason: "X-PagerDuty-Signature: must hold v1= and 64 hex digits" };
  }
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  // Every signature is compared, so the time taken does not say which one matched.
  const matches = sent.map((signature) => timingSafeEqual(signature, expected));
  if (!matches.includes(true)) return { ok: false, reason: "X-PagerDuty-Signature: does not match the body" };
  return { ok: true };
}
