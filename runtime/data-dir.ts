import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError } from "@/lib/errors";
import { isAlive, readPid } from "./processes";

const PG_USER_WHEN_ROOT = "postgres";

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** uid of the account PostgreSQL runs as when Vigil runs as root, if that account exists. */
function postgresUid(): number | undefined {
  try {
    return Number.parseInt(execFileSync("id", ["-u", PG_USER_WHEN_ROOT], { encoding: "utf8" }).trim(), 10);
  } catch {
    return undefined;
  }
}

function userName(uid: number): string {
  try {
    return execFileSync("id", ["-nu", String(uid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return `uid ${uid}`;
  }
}

/**
 * Creates the data directory or checks an existing one is ours and writable, so a wrong
 * VIGIL_DATA_DIR fails with one clear line instead of a PostgreSQL stack of errors.
 */
export function prepareDataDir(dir: string): void {
  const me = process.getuid?.() ?? 0;
  const pgUid = isRoot() ? postgresUid() : undefined;
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      // As root, PostgreSQL runs as another user that must pass through to <dir>/pg (not list it).
      if (isRoot()) fs.chmodSync(dir, 0o711);
    } catch (err) {
      throw new ConfigError(
        `Can not create data directory ${dir}: ${(err as NodeJS.ErrnoException).code}; set VIGIL_DATA_DIR to a writable path`,
      );
    }
  } else {
    if (!stat.isDirectory())
      throw new ConfigError(`Data directory ${dir} is not a directory; set VIGIL_DATA_DIR to a directory`);
    const owners = isRoot() ? [me, pgUid] : [me];
    if (!owners.includes(stat.uid)) {
      throw new ConfigError(
        `Data directory ${dir} belongs to ${userName(stat.uid)}, not to ${userName(me)}; choose another VIGIL_DATA_DIR or change its owner`,
      );
    }
    try {
      fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
    } catch {
      throw new ConfigError(`Data directory ${dir} is not writable; fix its permissions or set VIGIL_DATA_DIR`);
    }
  }
  if (isRoot()) assertReachableByPostgres(dir, pgUid);
}

/** As root, PostgreSQL runs as `postgres`, which must be able to walk down to the data directory. */
function assertReachableByPostgres(dir: string, pgUid: number | undefined): void {
  for (let current = dir; ; current = path.dirname(current)) {
    const stat = fs.statSync(current);
    const traversable =
      (stat.mode & 0o001) !== 0 || (pgUid !== undefined && stat.uid === pgUid && (stat.mode & 0o100) !== 0);
    if (!traversable) {
      throw new ConfigError(
        `Running as root, Vigil starts PostgreSQL as the "${PG_USER_WHEN_ROOT}" user, which can not enter ${current}; set VIGIL_DATA_DIR to a path it can reach (for example /var/lib/vigil)`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

/** Claims the data directory for this process; a second Vigil on the same directory is refused. */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, "vigil.pid");
  const holder = readPid(file);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new ConfigError(
      `Data directory ${dir} is in use by another Vigil (pid ${holder}); stop it first or set VIGIL_DATA_DIR`,
    );
  }
  fs.writeFileSync(file, `${process.pid}\n${os.hostname()}\n`);
  return () => {
    if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
  };
}
