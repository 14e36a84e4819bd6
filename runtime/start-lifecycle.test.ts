import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { firstFreePort, isPortFree } from "@/runtime/ports";
import { spawnVigil, type VigilProcess } from "@/test/vigil-process";
import { isAlive, readPid } from "@/runtime/processes";

// The whole `npm start` on a fresh data directory, stopped with Ctrl-C and started again.

const dataDir = path.join(os.tmpdir(), `vigil-lifecycle-${randomBytes(4).toString("hex")}`);
const started: VigilProcess[] = [];
afterAll(async () => {
  // A failed assertion leaves its Vigil running: Ctrl-C it, so it stops its children and database.
  for (const vigil of started) if (vigil.child.exitCode === null && vigil.child.signalCode === null) await stop(vigil);
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

async function startVigil(port: number): Promise<VigilProcess> {
  const vigil = spawnVigil({ PORT: String(port), VIGIL_OTLP_PORT: String(port + 1), VIGIL_DATA_DIR: dataDir });
  started.push(vigil);
  await expect
    .poll(() => vigil.stdout() + vigil.stderr(), { timeout: 150_000, interval: 200 })
    .toMatch(/Vigil is ready at|vigil: /);
  return vigil;
}

async function operator(...args: string[]) {
  const run = spawnVigil({ VIGIL_DATA_DIR: dataDir }, "vigil.ts", args);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Local addresses of the sockets listening on a TCP port, read from /proc (no traffic sent). */
function listeningOn(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((file) =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A")
      .map((fields) => procAddress(fields[1].split(":")[0])),
  );
}

function procAddress(hex: string): string {
  if (hex.length === 8) return Buffer.from(hex, "hex").reverse().join(".");
  return hex === "0".repeat(32) ? "::" : hex === "00000000000000000000000001000000" ? "::1" : hex;
}

/** The database roles of every connection to Vigil's database but this one, as its owner sees them. */
async function connectedRoles(): Promise<{ usename: string; application_name: string }[]> {
  const { user, password } = JSON.parse(fs.readFileSync(path.join(dataDir, "pg-credentials.json"), "utf8"));
  const port = fs.readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[3];
  const client = new pg.Client({
    connectionString: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/vigil`,
  });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT DISTINCT usename, application_name FROM pg_stat_activity WHERE datname = 'vigil' AND pid <> pg_backend_pid() ORDER BY 1, 2",
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function stop(vigil: VigilProcess): Promise<number | null> {
  vigil.child.kill("SIGINT");
  return vigil.exited;
}

describe("npm start lifecycle", () => {
  it("serves, stops cleanly on Ctrl-C, and starts again on the same data directory", { timeout: 240_000 }, async () => {
    let port = (await firstFreePort(30_000 + Math.floor(Math.random() * 10_000))) as number;
    while (!(await isPortFree(port + 1))) port = (await firstFreePort(port + 2)) as number;
    const first = await startVigil(port);
    expect(first.stdout() + first.stderr()).toContain(`Vigil is ready at http://localhost:${port}`);
    expect(first.stdout()).toMatch(/demo data\s+5 services/);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(await health.json()).toEqual({ status: "ok", database: "embedded" });
    const otlp = await fetch(`http://127.0.0.1:${port + 1}/v1/traces`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(otlp.status).toBe(401);

    // By default both servers listen on loopback only, and say so; the demo's one-click sign-in
    // is for this machine only. (Probing this machine's other interfaces would send traffic
    // outside the loopback range, which this workplace forbids: the sockets' own addresses and a
    // second loopback address, which a server listening on all interfaces would answer, tell it.)
    expect(first.stdout()).toContain(
      `web          on http://127.0.0.1:${port} (this machine only; VIGIL_HOST=0.0.0.0 to accept others)`,
    );
    expect(first.stdout()).toContain(`traces       OTLP receiver on 127.0.0.1:${port + 1}, POST /v1/traces`);
    expect(first.stdout()).toContain(
      "demo         one-click sign-in: this machine only (VIGIL_DEMO_SIGN_IN=true to allow others)",
    );
    expect(listeningOn(port)).toEqual(["127.0.0.1"]);
    expect(new Set(listeningOn(port + 1))).toEqual(new Set(["127.0.0.1"]));
    await expect(fetch(`http://127.0.0.2:${port}/api/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.2:${port + 1}/health`)).rejects.toThrow();

    // Web, worker and receiver connect as the application role, never as the owner; the receiver
    // looks a key up when one is sent.
    const receiverLookup = await fetch(`http://127.0.0.1:${port + 1}/v1/traces`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json", authorization: "Bearer vgl_00000000_nothing" },
    });
    expect(receiverLookup.status).toBe(401);
    const roles = await connectedRoles();
    expect(new Set(roles.map((row) => row.usename))).toEqual(new Set(["vigil_app"]));
    expect(roles.map((row) => row.application_name)).toEqual(expect.arrayContaining(["vigil", "vigil-worker"]));
    expect(first.stdout()).toMatch(/database\s+embedded PostgreSQL in .*, as vigil_app\n/);
    expect(first.stdout()).not.toContain("warning");
    const postgresPid = readPid(path.join(dataDir, "pg", "postmaster.pid"));
    expect(postgresPid).toBeDefined();
    expect(first.stdout()).toMatch(/admin\s+admin@vigil\.local, one-time password: [A-Za-z2-9]{20}\n/);

    // The operator CLI works beside the running Vigil, on its embedded database.
    const beside = await operator("audit", "verify");
    expect(beside).toMatchObject({ code: 0, stderr: "" });
    expect(beside.stdout).toMatch(/^Chain intact, ([5-9]|\d\d+) entries\n$/);

    expect(await stop(first)).toBe(0);
    expect(first.stdout()).toContain("Vigil stopped.");
    expect(isAlive(postgresPid as number)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "vigil.pid"))).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();

    // ...and with Vigil stopped, on the embedded database it starts for itself and stops again.
    const alone = await operator("apikey", "create", "--name", "lifecycle", "--scope", "read");
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout.trimEnd().split("\n").at(-1)).toMatch(/^vgl_/);
    expect(fs.existsSync(path.join(dataDir, "vigil.pid"))).toBe(false);

    const second = await startVigil(port);
    expect(second.stdout()).toContain("Vigil is ready");
    expect(second.stdout()).not.toContain("demo data");
    const ready = second.stdout().match(/started in ([\d.]+) s/);
    console.log(`warm start: ready in ${ready?.[1]} s`);
    expect(await stop(second)).toBe(0);
  });
});
