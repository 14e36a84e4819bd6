import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/errors";
import { parseEnv } from "@/lib/env";
import { githubClient, GithubError } from "@/lib/proposals/github/github-client";
import { githubConfigOf } from "@/lib/proposals/github/github-config";

const TOKEN = "ghp_clientTestToken0123456789";
let server: http.Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(null));
  server = null;
});

async function answering(status: number, body: string, headers: Record<string, string> = {}) {
  server = http.createServer((_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return githubClient(
    githubConfigOf({
      ...parseEnv({ VIGIL_GITHUB_TOKEN: TOKEN, VIGIL_GITHUB_REPO: "o/r" }),
      VIGIL_GITHUB_API_URL: apiUrl,
    })!,
  );
}

async function failure(call: Promise<unknown>): Promise<GithubError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GithubError);
  return err as GithubError;
}

describe("githubClient", () => {
  it("names the call and GitHub's message with its first validation error, bounded, without the token", async () => {
    const body = JSON.stringify({ message: `Validation Failed ${TOKEN}`, errors: [{ message: "x".repeat(5000) }] });
    const err = await failure((await answering(422, body)).request("POST", "/repos/o/r/pulls?x=1", {}));
    expect(err.status).toBe(422);
    expect(err.retryable).toBe(false);
    expect(err.message.startsWith("GitHub answered 422 to POST /repos/o/r/pulls: Validation Failed [token]: xxx")).toBe(
      true,
    );
    expect(err.message).not.toContain(TOKEN);
    expect(Array.from(err.message).length).toBeLessThanOrEqual(500);
  });

  it.each([
    [500, "", {}, true],
    [429, "{}", {}, true],
    [403, '{"message":"API rate limit exceeded"}', { "x-ratelimit-remaining": "0" }, true],
    [403, '{"message":"Resource not accessible by integration"}', {}, false],
    [404, '{"message":"Not Found"}', {}, false],
    [502, "<html>\u0000bad gateway\ud800</html>", {}, true],
  ])("classifies a %i answer (%s): retryable %s", async (status, body, headers, retryable) => {
    const err = await failure((await answering(status, body, headers)).request("GET", "/repos/o/r"));
    expect(err.retryable).toBe(retryable);
    expect(err.message).not.toMatch(/[\u0000\ud800]/);
  });

  it("treats a 2xx that is not JSON and an unreachable server as retryable", async () => {
    expect((await failure((await answering(200, "not json")).request("GET", "/x"))).retryable).toBe(true);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const settings = parseEnv({ VIGIL_GITHUB_TOKEN: TOKEN, VIGIL_GITHUB_REPO: "o/r" });
    const config = githubConfigOf({ ...settings, VIGIL_GITHUB_API_URL: `http://127.0.0.1:${port}` })!;
    const err = await failure(githubClient(config).request("GET", "/x"));
    expect(err).toMatchObject({ status: null, retryable: true });
    expect(err.message).toMatch(/^GitHub could not be reached \(GET \/x\): ECONNREFUSED$/);
  });
});

describe("GitHub settings", () => {
  it("are off by default and on with a token and a repository", () => {
    expect(githubConfigOf(parseEnv({}))).toBeNull();
    expect(
      githubConfigOf(
        parseEnv({
          VIGIL_GITHUB_TOKEN: "t",
          VIGIL_GITHUB_REPO: "acme/infra.tf",
          VIGIL_GITHUB_BASE_BRANCH: "release/1",
        }),
      ),
    ).toEqual({
      token: "t",
      owner: "acme",
      repo: "infra.tf",
      apiUrl: "https://api.github.com",
      baseBranch: "release/1",
    });
  });

  it.each([
    [{ VIGIL_GITHUB_TOKEN: "t" }, /VIGIL_GITHUB_REPO: pull requests need/],
    [{ VIGIL_GITHUB_REPO: "a/b" }, /VIGIL_GITHUB_TOKEN: pull requests need/],
    [{ VIGIL_GITHUB_TOKEN: "t", VIGIL_GITHUB_REPO: "acme" }, /VIGIL_GITHUB_REPO: must be owner\/name/],
    [{ VIGIL_GITHUB_TOKEN: "t", VIGIL_GITHUB_REPO: "a/b/c" }, /VIGIL_GITHUB_REPO/],
    [{ VIGIL_GITHUB_TOKEN: "t", VIGIL_GITHUB_REPO: "../b" }, /VIGIL_GITHUB_REPO/],
    [{ VIGIL_GITHUB_TOKEN: "t x", VIGIL_GITHUB_REPO: "a/b" }, /VIGIL_GITHUB_TOKEN: must not contain spaces/],
    [{ VIGIL_GITHUB_API_URL: "ftp://x" }, /VIGIL_GITHUB_API_URL/],
    [{ VIGIL_GITHUB_BASE_BRANCH: "a..b" }, /VIGIL_GITHUB_BASE_BRANCH: must be a branch name/],
    [{ VIGIL_GITHUB_BASE_BRANCH: "main\u0000" }, /VIGIL_GITHUB_BASE_BRANCH/],
  ])("refuse %o in one line naming the setting", (source, message) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(message);
  });
});
