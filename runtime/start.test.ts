import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { firstFreePort } from "@/runtime/ports";
import { spawnVigil } from "@/test/vigil-process";

// `npm start` with bad settings, as a user would meet them: one line on stderr, exit code 1.

interface Outcome {
  code: number | null;
  stderr: string;
  stdout: string;
}

async function start(settings: Record<string, string>): Promise<Outcome> {
  // Never the default 4318, which a Vigil running on this machine may hold.
  const vigil = spawnVigil({ VIGIL_OTLP_PORT: await freePort(), ...settings });
  const timer = setTimeout(() => vigil.child.kill("SIGKILL"), 30_000);
  const code = await vigil.exited;
  clearTimeout(timer);
  return { code, stdout: vigil.stdout(), stderr: vigil.stderr() };
}

function expectOneLineError(outcome: Outcome, message: RegExp) {
  expect(outcome.code).toBe(1);
  const lines = outcome.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^vigil: /);
  expect(lines[0]).toMatch(message);
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
}

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((undo) => undo()));

function tempPath(): string {
  const dir = path.join(os.tmpdir(), `vigil-start-${randomBytes(4).toString("hex")}`);
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function freePort(): Promise<string> {
  return String(await firstFreePort(20_000 + Math.floor(Math.random() * 20_000)));
}

describe("npm start with bad configuration", () => {
  it("rejects a DATABASE_URL that is not a postgres URL", async () => {
    expectOneLineError(
      await start({ DATABASE_URL: "mysql://root@localhost/vigil", PORT: await freePort() }),
      /Invalid setting DATABASE_URL: must look like postgres:\/\//,
    );
  });

  it("names an unreachable database", async () => {
    const closedPort = await freePort();
    const outcome = await start({
      DATABASE_URL: `postgres://vigil:secret@127.0.0.1:${closedPort}/vigil`,
      PORT: await freePort(),
    });
    expectOneLineError(
      outcome,
      new RegExp(`Can not reach the database at 127.0.0.1:${closedPort} \\(DATABASE_URL\\): connection refused`),
    );
    expect(outcome.stderr).not.toContain("secret");
  });

  it("rejects a port that is not a number", async () => {
    expectOneLineError(await start({ PORT: "eighty" }), /Invalid setting PORT: must be a number/);
  });

  it("says which port is already in use", async () => {
    const server = net.createServer().listen(0, "0.0.0.0");
    await new Promise((resolve) => server.once("listening", resolve));
    cleanup.push(() => server.close());
    const port = String((server.address() as net.AddressInfo).port);
    expectOneLineError(
      await start({ PORT: port, VIGIL_DATA_DIR: tempPath() }),
      new RegExp(`Port ${port} is already in use`),
    );
    expectOneLineError(
      await start({ PORT: await freePort(), VIGIL_OTLP_PORT: port, VIGIL_DATA_DIR: tempPath() }),
      new RegExp(`Port ${port} for the OTLP receiver is already in use; stop what uses it or set VIGIL_OTLP_PORT`),
    );
  });

  it("refuses a data directory owned by someone else", async () => {
    let dir = "/";
    if (process.getuid?.() === 0) {
      dir = tempPath();
      fs.mkdirSync(dir);
      fs.chownSync(dir, 65534, 65534);
    }
    expectOneLineError(
      await start({ PORT: await freePort(), VIGIL_DATA_DIR: dir }),
      /Data directory .* belongs to .*, not to .*; choose another VIGIL_DATA_DIR/,
    );
  });

  it("refuses a data directory another running Vigil holds", async () => {
    const dir = tempPath();
    fs.mkdirSync(dir, { mode: 0o711 });
    fs.writeFileSync(path.join(dir, "vigil.pid"), `${process.pid}\n`);
    expectOneLineError(
      await start({ PORT: await freePort(), VIGIL_DATA_DIR: dir }),
      new RegExp(`in use by another Vigil \\(pid ${process.pid}\\)`),
    );
  });
});
