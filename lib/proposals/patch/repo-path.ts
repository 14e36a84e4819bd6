import { hasLoneSurrogate } from "@/lib/validation";

// A file name from a model's diff (or a teardown plan) as a path inside the repository, or null:
// a patch never writes outside the repository or into its .git directory. Segments are kept to
// the characters git writes unquoted, so a name never needs C-style quoting in the diff header.

const SEGMENT = /^[A-Za-z0-9._@+-]{1,255}$/;
const MAX_PATH = 1024;

export function safeRepoPath(name: string): string | null {
  if (name.length === 0 || name.length > MAX_PATH || hasLoneSurrogate(name)) return null;
  if (name.startsWith("/") || name.includes("\\") || /^[A-Za-z]:/.test(name)) return null;
  const segments = name.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (!segments.length) return null;
  for (const segment of segments) {
    if (segment === ".." || segment.toLowerCase() === ".git" || !SEGMENT.test(segment)) return null;
  }
  return segments.join("/");
}

/** Where a module's configuration lives by convention: module.app → modules/app/ (root: ""). */
export function moduleDirectory(module: string | undefined): string {
  if (!module) return "";
  const innermost = module.split(".").at(-1) ?? "";
  return safeRepoPath(innermost) ? `modules/${innermost}/` : "";
}
