import fs from "node:fs";
import path from "node:path";
import { ensureFirstAdmin } from "@/lib/access/first-admin";
import { authSecret } from "@/lib/auth/secret";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { loadDemoTraces } from "@/lib/demo/demo-traces";
import { loadDemoZombies } from "@/lib/demo/demo-zombies";
import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { demoRoles, ensureDemoUsers } from "@/lib/demo/demo-users";
import { isDatabaseEmpty, loadDemo } from "@/lib/demo/load-demo";
import { childProcessEnv, dataDir, env } from "@/lib/env";
import { ConfigError } from "@/lib/errors";
import { auditGuardWeakness } from "./app-role";
import { buildApp, isBuildCurrent } from "./build";
import { type Child, startChild, stopChild } from "./children";
import { type MigratedDatabase, openMigratedDatabase, type RunningDatabase } from "./database";
import { fromRoot, PROJECT_ROOT } from "./paths";
import { isLoopback, isPortFree, listenAddress, probeHost, urlHost } from "./ports";

const say = (line: string) => console.log(line);
const step = (label: string, detail: string) => say(`  ${label.padEnd(13)}${detail}`);

/** `npm start`: database, migrations, demo data, worker and web, then wait for Ctrl-C. */
export async function launch(): Promise<void> {
  const started = Date.now();
  const settings = env();
  const host = settings.VIGIL_HOST;
  await assertPortsFree(host);
  say("Starting Vigil");
  const database = await openMigratedDatabase();
  const children: Child[] = [];
  const shutdown = onceShutdown(children, database);
  // Handled from here on, not from "ready": a Ctrl-C sent the moment that line is read must still stop cleanly.
  let signalled = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => void ((signalled = true), shutdown(signal, 0)));
  }
  try {
    await prepareDatabase(database);
    const logDir = path.join(dataDir(), "logs");
    fs.mkdirSync(logDir, { recursive: true });
    await ensureBuild(logDir);
    if (signalled) return; // stopping already: start no child the shutdown would not see
    children.push(...startChildren(database, logDir));
    step("logs", logDir);
    for (const child of children) void child.exited.then((code) => shutdown(`${child.name} exited (code ${code})`, 1));
    await waitUntilServing(host, settings.PORT, children);
    await waitUntilServing(host, settings.VIGIL_OTLP_PORT, children, "/health");
    announceListening(host);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    say(`Vigil is ready at ${readyUrl(host)} (started in ${seconds} s). Press Ctrl-C to stop.`);
  } catch (err) {
    await shutdown(undefined, 1, err);
  }
}

async function assertPortsFree(host: string): Promise<void> {
  const settings = env();
  if (!(await isPortFree(settings.PORT, host))) {
    throw new ConfigError(`Port ${settings.PORT} is already in use; stop what uses it or set PORT to another port`);
  }
  if (!(await isPortFree(settings.VIGIL_OTLP_PORT, host))) {
    throw new ConfigError(
      `Port ${settings.VIGIL_OTLP_PORT} for the OTLP receiver is already in use; stop what uses it or set VIGIL_OTLP_PORT`,
    );
  }
}

/** Reports the migrated database, makes the first admin and the demo data, then lets go of it for the children. */
async function prepareDatabase(database: MigratedDatabase): Promise<void> {
  step("database", database.description);
  step("migrations", database.appliedMigrations ? `${database.appliedMigrations} applied` : "up to date");
  const weakness = await auditGuardWeakness(pool());
  if (weakness) step("warning", weakness);
  await announceFirstAdmin();
  await maybeLoadDemo(database.mode);
  authSecret();
  await closeDb();
}

/** The worker, the OTLP receiver and the web server, each a child process logging to `logDir`. */
function startChildren(database: RunningDatabase, logDir: string): Child[] {
  const childEnv = childProcessEnv({
    DATABASE_URL: database.url,
    VIGIL_DATABASE_MODE: database.mode,
    NEXT_TELEMETRY_DISABLED: "1",
  });
  const start = (name: string, main: string) =>
    startChild(name, process.execPath, ["--import", "tsx", fromRoot("runtime", main)], childEnv, PROJECT_ROOT, logDir);
  return [
    start("worker", "worker.ts"),
    start("collector", "receiver.ts"),
    // Next.js behind a plain node:http server (runtime/web.ts) that gives each request its socket's
    // address: `next start` can not, and the audit trail, throttle and demo sign-in need it.
    start("web", "web.ts"),
  ];
}

/** Where each server listens, and who may use the demo's one-click sign-in. */
function announceListening(host: string): void {
  const settings = env();
  const web = listenAddress(host, settings.PORT);
  const reach = isLoopback(host)
    ? "this machine only; VIGIL_HOST=0.0.0.0 to accept others"
    : "reachable from other machines";
  step("web", `on http://${web} (${reach})`);
  step(
    "traces",
    `OTLP receiver on ${listenAddress(host, settings.VIGIL_OTLP_PORT)}, POST /v1/traces and /v1/metrics with an API key with ingest:traces`,
  );
  if (demoRoles().length === 0) return;
  step(
    "demo",
    settings.VIGIL_DEMO_SIGN_IN
      ? "one-click sign-in: anyone who can reach the port"
      : "one-click sign-in: this machine only (VIGIL_DEMO_SIGN_IN=true to allow others)",
  );
}

/** What to open: VIGIL_PUBLIC_URL, else localhost unless Vigil listens on one outside address only. */
function readyUrl(host: string): string {
  const settings = env();
  if (settings.VIGIL_PUBLIC_URL) return settings.VIGIL_PUBLIC_URL;
  const wildcard = host === "0.0.0.0" || host === "::";
  return `http://${wildcard || isLoopback(host) ? "localhost" : urlHost(host)}:${settings.PORT}`;
}

async function maybeLoadDemo(mode: RunningDatabase["mode"]): Promise<void> {
  const ctx = systemCtx("launcher");
  const demo = env().VIGIL_DEMO;
  const empty = await isDatabaseEmpty(ctx);
  if (demo === "always" || (demo === "auto" && mode === "embedded" && empty)) {
    const result = await loadDemo(ctx);
    step(
      "demo data",
      `${result.services} services, ${result.costLines} cost lines, ${result.window.from} to ${result.window.to}`,
    );
    const traces = await loadDemoTraces(ctx);
    step(
      "demo traces",
      `${traces.spans} sampled spans over the last ${traces.hours} hours, ${traces.historyRows} hourly rollup rows before them`,
    );
    const { deployments, pullRequests, incidents } = traces.deliveries;
    step(
      "demo delivery",
      `${deployments} deployments, ${pullRequests} pull requests, ${incidents} incidents over 3 months`,
    );
    step("demo SLOs", `${traces.slos} SLOs, their alerts replayed over the last hours`);
    // Shared costs are split by the traces' requests, which only exist now.
    const allocation = await allocateCosts(ctx, result.window);
    step(
      "demo allocation",
      `${allocation.rows} allocation rows: ${allocation.byMethod.tag} by tag, ${allocation.byMethod.telemetry} split by telemetry, ${allocation.byMethod.unallocated} unallocated`,
    );
    const zombies = await loadDemoZombies(ctx);
    step("demo zombies", `${zombies.cloudResources} sandbox resources, ${zombies.scan.found} zombie findings`);
    const roles = await ensureDemoUsers(ctx);
    if (roles.length > 0) step("demo users", `${roles.join(", ")}: the sign-in page offers each one`);
  } else if (empty) {
    step("demo data", "none (empty database: `npm run demo:load` adds the demo platform)");
  }
}

async function announceFirstAdmin(): Promise<void> {
  const admin = await ensureFirstAdmin(systemCtx("launcher"));
  if (!admin) return;
  if (admin.oneTimePassword) {
    step("admin", `${admin.email}, one-time password: ${admin.oneTimePassword}`);
    step("", "Shown only now: sign in with it and choose your own password.");
  } else {
    step("admin", `${admin.email}, with the password from VIGIL_ADMIN_PASSWORD`);
  }
}

async function ensureBuild(logDir: string): Promise<void> {
  if (isBuildCurrent()) return;
  step("build", "building the web app (after install or update only; about a minute)...");
  await buildApp(path.join(logDir, "build.log"));
}

async function waitUntilServing(
  host: string,
  port: number,
  children: Child[],
  healthPath = "/api/health",
): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (children.some((child) => child.process.exitCode !== null)) return;
    try {
      const response = await fetch(`http://${listenAddress(probeHost(host), port)}${healthPath}`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new ConfigError(
    `The web server did not answer on port ${port} within 120 s; see its log in the data directory`,
  );
}

/** Stops children first (they use the database), then the database; prints one line on failure. */
function onceShutdown(children: Child[], database: RunningDatabase) {
  let stopping: Promise<void> | undefined;
  let stoppingSince = 0;
  return (reason: string | undefined, code: number, err?: unknown): Promise<void> => {
    if (stopping) {
      // A terminal's Ctrl-C reaches npm and every process in the group at once; only a second
      // Ctrl-C pressed a moment later means "do not wait".
      if (reason === "SIGINT" && Date.now() - stoppingSince > 2_000) {
        say("Stopping immediately.");
        for (const child of children) child.process.kill("SIGKILL");
      }
      return stopping;
    }
    if (err) console.error(err instanceof ConfigError ? `vigil: ${err.message}` : err);
    if (reason) say(`${reason}: stopping Vigil...`);
    stoppingSince = Date.now();
    stopping = (async () => {
      await Promise.all(children.map((child) => stopChild(child, 10_000)));
      await closeDb();
      await database.stop();
      if (reason) say("Vigil stopped.");
      process.exit(err || code !== 0 ? 1 : 0);
    })();
    return stopping;
  };
}
