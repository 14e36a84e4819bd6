import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { type LoadedRules, loadPolicyDir, RULE_FILE } from "./load-rule-files";

// The teams' folder, read again only when it changed: the Compliance page, its export and every
// evaluation ask for the rules, and compiling every file each time costs more than the query.
// Each rule file's name, size, mtime, ctime and inode make the folder's stamp, so an edit, a
// rename, a new or a removed file is seen on the next call.

/**
 * A file modified this recently may change again within one timestamp tick (a second on some file
 * systems) and keep its stamp, so a folder holding one is read but not cached (as git treats a
 * "racily clean" file).
 */
const SETTLE_MS = 2_000;

let cached: { key: string; loaded: LoadedRules } | null = null;

/** What the folder's rule files look like now (not their content), or null when it cannot be listed. */
export async function policyDirStamp(dir: string): Promise<{ stamp: string; newest: number } | null> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => RULE_FILE.test(name)).sort();
  } catch {
    return null;
  }
  const files = await Promise.all(names.map((name) => stat(path.join(dir, name)).catch(() => null)));
  const stamp = JSON.stringify(
    files.map((info, i) =>
      info ? [names[i], info.isFile(), info.size, info.mtimeMs, info.ctimeMs, info.ino] : [names[i]],
    ),
  );
  return { stamp, newest: Math.max(0, ...files.map((info) => info?.mtimeMs ?? Infinity)) };
}

/**
 * The folder's rules (ids in `builtinIds` refused), from the cache while the folder is unchanged.
 * `now` is when the call happens, for the settling rule.
 */
export async function loadTeamRules(
  dir: string,
  builtinIds: readonly string[],
  now: number = Date.now(),
): Promise<LoadedRules> {
  // Stamped before reading: a file changed while it is read is stamped old and read again next time.
  const seen = await policyDirStamp(dir);
  const key = JSON.stringify([dir, builtinIds, seen?.stamp ?? null]);
  if (seen && cached?.key === key) return cached.loaded;
  const loaded = await loadPolicyDir(dir, new Set(builtinIds));
  cached = seen && seen.newest <= now - SETTLE_MS ? { key, loaded } : null;
  return loaded;
}
