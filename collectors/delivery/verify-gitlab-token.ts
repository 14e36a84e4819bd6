import { createHash, timingSafeEqual } from "node:crypto";
import type { SignatureCheck } from "./verify-github-signature";

// GitLab proves a delivery by sending the webhook's secret token as X-Gitlab-Token, unsigned.
// Both sides are hashed first so the constant-time comparison does not reveal the token's length.

const digest = (bytes: Buffer) => createHash("sha256").update(bytes).digest();

/** Header values arrive as one Latin-1 character per byte sent; GitLab sends the token as UTF-8. */
const sentBytes = (header: string) => Buffer.from(header, "latin1");

/** Whether `header` is the configured `token`. */
export function verifyGitLabToken(header: string | null | undefined, token: string): SignatureCheck {
  if (!token) return { ok: false, reason: "no GitLab webhook token is configured" };
  if (header === null || header === undefined || header === "") {
    return { ok: false, reason: "X-Gitlab-Token: is missing" };
  }
  if (!timingSafeEqual(digest(sentBytes(header)), digest(Buffer.from(token, "utf8")))) {
    return { ok: false, reason: "X-Gitlab-Token: does not match the configured token" };
  }
  return { ok: true };
}
