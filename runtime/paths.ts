import path from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout Vigil runs from, whatever the current directory. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function fromRoot(...parts: string[]): string {
  return path.join(PROJECT_ROOT, ...parts);
}
