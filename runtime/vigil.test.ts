import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { authenticateApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { db, pool } from "@/lib/db";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { uniqueName } from "@/test/factories";
import { spawnVigil } from "@/test/vigil-process";

// `npm run vigil -- ...` as an operator runs it, against DATABASE_URL.

async function vigil(...args: string[]) {
  const run = spawnVigil(
    {
      DATABASE_URL: process.env.DATABASE_URL as string,
      VIGIL_DATA_DIR: path.join(os.tmpdir(), `vigil-cli-${randomBytes(4).toString("hex")}`),
    },
    "vigil.ts",
    args,
  );
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe("npm run vigil", () => {
  it("creates a key and prints it once, alone on the last line; revoking it stops it", async () => {
    const name = uniqueName("ci");
    const created = await vigil("apikey", "create", "--name", name, "--scope", "ingest:traces", "--scope", "read");
    expect(created.code).toBe(0);
    const lines = created.stdout.trimEnd().split("\n");
    const key = lines[lines.length - 1];
    expect(key).toMatch(/^vgl_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateApiKey(key)).toMatchObject({ label: name, scopes: ["ingest:traces", "read"] });

    const revoked = await vigil("apikey", "revoke", "--name", name, "--reason", "rotated");
    expect(revoked).toMatchObject({ code: 0, stdout: `Revoked API key ${name}.\n` });
    expect(await authenticateApiKey(key)).toBeNull();
    const entry = await db().auditEntry.findFirstOrThrow({ where: { action: "apikey.revoke", targetId: name } });
    expect(entry).toMatchObject({ actorKind: "system", reason: "rotated" });
    expect(entry.actorLabel).toMatch(/^system:cli:/);
  });

  it("creates a user with a one-time password and resets it", async () => {
    const email = `${uniqueName("ops")}@example.com`;
    const created = await vigil("user", "create", "--email", email, "--role", "finops");
    expect(created.code).toBe(0);
    const password = created.stdout.trimEnd().split("\n").at(-1);
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
    const reset = await vigil("user", "reset-password", "--email", email);
    expect(reset.code).toBe(0);
    expect(reset.stdout.trimEnd().split("\n").at(-1)).not.toBe(password);
  });

  it("verifies the audit chain", async () => {
    const result = await vigil("audit", "verify");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Chain intact, \d+ entr(y|ies)\n$/);
  });

  it("repairs delivery's derived rows from the stored deployments", async () => {
    const service = uniqueName("rebuild");
    const at = new Date("2026-05-04T10:00:00Z");
    const commit = {
      repoUrl: `https://github.com/acme/${service}`,
      commitSha: "c".repeat(40),
      commitMsg: "fix",
      authoredAt: at,
    };
    await recordDeployment(systemCtx("test"), {
      ...{ externalId: `${service}-1`, source: "devlake", service, team: null, environment: "PRODUCTION" },
      ...{
        result: "SUCCESS",
        startedAt: at,
        finishedAt: at,
        version: "1",
        author: null,
        hotfix: false,
        commits: [commit],
      },
    });
    const firstDeployed = "SELECT first_deployed_at FROM delivery_commit WHERE repo_url = $1";
    await pool().query("UPDATE delivery_commit SET first_deployed_at = NULL WHERE repo_url = $1", [commit.repoUrl]);
    const result = await vigil("delivery", "rebuild");
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^Rebuilt: [1-9]\d* commits and \d+ pull requests corrected/);
    expect((await pool().query(firstDeployed, [commit.repoUrl])).rows).toEqual([{ first_deployed_at: at }]);
  });

  it("fails with one line and a non-zero exit for every kind of mistake", async () => {
    const cases: [string[], RegExp][] = [
      [["user", "create", "--email", "x@example.com"], /^vigil: --role is required$/],
      [["user", "create", "--email", "nope", "--role", "viewer"], /^vigil: email: must be an email address$/],
      [
        ["user", "create", "--email", "x@example.com", "--role", "root"],
        /^vigil: role: must be one of viewer, sre, finops, admin$/,
      ],
      [
        ["user", "reset-password", "--email", "nobody-here@example.com"],
        /^vigil: No user with email nobody-here@example.com$/,
      ],
      [["apikey", "revoke", "--name", "no-such-key"], /^vigil: No API key named no-such-key$/],
      [
        ["apikey", "create", "--name", "x", "--scope", "everything"],
        /^vigil: scopes\.0: must be one of read, ingest:traces, ingest:billing, ingest:iac, ingest:delivery$/,
      ],
      [["user", "create", "--emial", "x"], /^vigil: Unknown option '--emial'/],
      [["frobnicate"], /^vigil: unknown command "frobnicate"/],
    ];
    const results = await Promise.all(cases.map(([args]) => vigil(...args)));
    results.forEach((result, i) => {
      expect(result.code, cases[i][0].join(" ")).toBe(1);
      expect(result.stderr.trim().split("\n"), cases[i][0].join(" ")).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(cases[i][1]);
    });
    // Eight processes at once, each compiling its TypeScript, beside the other test files' workers.
  }, 120_000);
});
