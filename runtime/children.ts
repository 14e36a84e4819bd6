import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";

export interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * Starts a long-running child whose output goes to <logDir>/<name>.log; its stderr also reaches
 * the console, prefixed, because that is where a person looks when something goes wrong.
 */
export function startChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  logDir: string,
): Child {
  const log = fs.createWriteStream(path.join(logDir, `${name}.log`), { flags: "a" });
  const child = spawn(command, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log, { end: false });
  readline.createInterface({ input: child.stderr! }).on("line", (line) => {
    log.write(`${line}\n`);
    console.error(`[${name}] ${line}`);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then(() => log.end());
  return { name, process: child, exited };
}

/** SIGTERM, then SIGKILL after the grace period. */
export async function stopChild(child: Child, graceMs: number): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill("SIGTERM");
  const kill = setTimeout(() => child.process.kill("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(kill);
}
