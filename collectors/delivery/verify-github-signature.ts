import { createHmac, timingSafeEqual } from "node:crypto";

// GitHub signs each delivery with HMAC-SHA256 of the raw body under the webhook's secret and
// sends it as `X-Hub-Signature-256: sha256=<64 lower-case hex>`. The body must be checked as
// received, before any JSON parsing, and compared in constant time.

const HEADER = /^sha256=([0-9a-f]{64})$/;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Whether `header` is GitHub's signature of `rawBody` under `secret`. */
export function verifyGitHubSignature(
  rawBody: Uint8Array,
  header: string | null | undefined,
  secret: string,
): SignatureCheck {
  if (!secret) return { ok: false, reason: "no GitHub webhook secret is configured" };
  if (header === null || header === undefined || header === "") {
    return { ok: false, reason: "X-Hub-Signature-256: is missing" };
  }
  const match = HEADER.exec(header);
  if (!match) return { ok: false, reason: "X-Hub-Signature-256: must be sha256= and 64 lower-case hex digits" };
  const sent = Buffer.from(match[1]!, "hex");
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  if (!timingSafeEqual(sent, expected)) return { ok: false, reason: "X-Hub-Signature-256: does not match the body" };
  return { ok: true };
}
