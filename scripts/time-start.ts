import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// `node --import tsx scripts/time-start.ts [port]`: times `npm start` until /api/health answers OK,
// cold (a fresh data directory: database, migrations, demo data) and warm (restarted on the same
// directory), as the start-up targets count them (cold < 60 s, warm < 15 s). Needs a current build.

const COLD_TARGET_S = 60;
const WARM_TARGET_S = 15;
const port = Number(process.argv[2] ?? 3350);

function launch(dataDir: string): { child: ChildProcess; output: string[] } {
  const output: string[] = [];
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "runtime/start.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      VIGIL_OTLP_PORT: String(port + 1),
      VIGIL_DATA_DIR: dataDir,
      DATABASE_URL: "",
      VIGIL_ADMIN_PASSWORD: "time-start-password-0123",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Each line with the seconds since spawning, to see which step takes the time.
  const stamp = (chunk: unknown) =>
    String(chunk)
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => `${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s ${line}\n`)
      .join("");
  for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk) => output.push(stamp(chunk)));
  return { child, output };
}

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).ok;
  } catch {
    return false;
  }
}

/** Seconds from spawning `npm start` until the health check answers OK; stops it again after. */
async function timeStart(dataDir: string, label: string): Promise<number> {
  const started = performance.now();
  const { child, output } = launch(dataDir);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    while (!(await healthy())) {
      if (child.exitCode !== null) throw new Error(`${label}: npm start exited\n${output.join("")}`);
      if (performance.now() - started > 180_000) throw new Error(`${label}: not healthy after 180 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    // Its Ctrl-C handler (which stops the children) is set once it has printed that it is ready.
    while (!output.join("").includes("Vigil is ready") && child.exitCode === null)
      await new Promise((resolve) => setTimeout(resolve, 100));
    for (const line of output.join("").split("\n")) if (line.trim()) console.log(`    ${line}`);
    return seconds;
  } finally {
    child.kill("SIGINT");
    await exited;
    await stopped(dataDir);
  }
}

/** Waits until nothing answers on the port and the embedded PostgreSQL has let go of the directory. */
async function stopped(dataDir: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if (!(await healthy()) && !fs.existsSync(path.join(dataDir, "pg", "postmaster.pid"))) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("Vigil did not stop within 60 s");
}

async function main() {
  // Not created here: Vigil makes it with the permissions its PostgreSQL user needs.
  const dataDir = path.join(os.tmpdir(), `vigil-time-start-${Date.now()}`);
  try {
    const cold = await timeStart(dataDir, "cold");
    console.log(`cold start (fresh data directory, demo loaded): ${cold.toFixed(1)} s (target < ${COLD_TARGET_S} s)`);
    const warm = await timeStart(dataDir, "warm");
    console.log(`warm start (same data directory): ${warm.toFixed(1)} s (target < ${WARM_TARGET_S} s)`);
    if (cold >= COLD_TARGET_S || warm >= WARM_TARGET_S) process.exitCode = 1;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
