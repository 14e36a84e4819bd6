import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { firstFreePort, isPortFree } from "@/lib/runtime/ports";
import { spawnVigil, type VigilProcess } from "@/test/vigil-process";
import { isAlive, readPid } from "@/lib/runtime/processes";

// The whole `npm start` on a fresh data directory, stopped with Ctrl-C and started again.

const dataDir = path.join(os.tmpdir(), `vigil-lifecycle-${randomBytes(4).toString("hex")}`);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function startVigil(port: number): Promise<VigilProcess> {
  const vigil = spawnVigil({ PORT: String(port), VIGIL_OTLP_PORT: String(port + 1), VIGIL_DATA_DIR: dataDir });
  await expect.poll(() => vigil.stdout() + vigil.stderr(), { timeout: 150_000, interval: 200 }).toMatch(/Vigil is ready at|vigil: /);
  return vigil;
}

async function operator(...args: string[]) {
  const run = spawnVigil({ VIGIL_DATA_DIR: dataDir }, "vigil.ts", args);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
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
    expect(first.stdout()).toContain(`OTLP/HTTP receiver on http://localhost:${port + 1}/v1/traces`);
    const otlp = await fetch(`http://127.0.0.1:${port + 1}/v1/traces`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(otlp.status).toBe(401);
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
