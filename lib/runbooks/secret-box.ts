import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

// Secret header values at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the server's
// secret, the one that signs sessions, so no second key has to be kept. Each value is bound to its
// runbook and header name (additional data): a sealed value copied elsewhere does not open.

const VERSION = "v1";
const INFO = "vigil runbook secret headers v1";

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "vigil-runbooks", INFO, 32));
}

const bound = (runbookId: string, header: string) => Buffer.from(`${runbookId}\n${header.toLowerCase()}`, "utf8");

/** `v1.<iv|tag|ciphertext as base64url>`. */
export function seal(value: string, runbookId: string, header: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(bound(runbookId, header));
  const sealed = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url")}`;
}

/** The value, or null when the box was sealed under another secret, for another header, or altered. */
export function open(box: string, runbookId: string, header: string): string | null {
  const [version, payload] = box.split(".");
  if (version !== VERSION || !payload) return null;
  const bytes = Buffer.from(payload, "base64url");
  if (bytes.length < 28) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), bytes.subarray(0, 12));
    decipher.setAAD(bound(runbookId, header));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
