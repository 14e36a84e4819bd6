import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir, env } from "../env";

/**
 * The key that signs session cookies: VIGIL_AUTH_SECRET, or one generated on first start and kept
 * in the data directory (mode 600), so sessions survive restarts.
 */
export function authSecret(): string {
  const configured = env().VIGIL_AUTH_SECRET;
  if (configured) return configured;
  const file = path.join(dataDir(), "auth-secret");
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return fs.readFileSync(file, "utf8").trim();
}
