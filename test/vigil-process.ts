import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fromRoot, PROJECT_ROOT } from "@/runtime/paths";

export interface VigilProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs one of Vigil's scripts (`npm start`'s by default) with the test's settings only: none of
 * Vigil's from the outer shell.
 */
export function spawnVigil(settings: Record<string, string>, script = "start.ts", args: string[] = []): VigilProcess {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key === "DATABASE_URL" || key === "PORT" || key.startsWith("VIGIL_")) delete env[key];
  }
  const child = spawn(process.execPath, ["--import", "tsx", fromRoot("runtime", script), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...env, ...settings },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}
