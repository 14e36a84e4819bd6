import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { githubConfigOf, type GithubConfig } from "@/lib/proposals/github/github-config";
import { MAX_ATTEMPTS, openPullRequests } from "@/lib/proposals/github/open-pull-requests";
import { openPullRequestsJob } from "@/lib/proposals/github/pull-request-job";
import { proposalPatch } from "@/lib/proposals/patch/proposal-patch";
import { teardownPlan } from "@/lib/zombies/teardown-plan";
import { diffOf, instance } from "@/test/agent-proposals";
import { FakeGithub } from "@/test/fake-github";
import { viewOf } from "@/test/git-repo";
import { privateDatabaseForFile } from "@/test/private-database";

privateDatabaseForFile("pull_requests");

const TOKEN = "ghp_secretTokenValue0123456789abcdefABCD";
const WEB = "aws_instance.web";
const BEFORE = instance(WEB, "m5.xlarge");
const AFTER = instance(WEB, "m5.large");
const text = (lines: string[]) => `${lines.join("\n")}\n`;
const APPROVAL = { by: "sre@example.com", at: new Date("2026-12-07T12:00:00Z"), reason: "Idle CPU" };
const ctx = systemCtx("test-pull-requests");
const servers: FakeGithub[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  await pool().query("UPDATE agent_proposal SET pr_state = 'failed' WHERE pr_state = 'pending'");
});

async function github(files: Record<string, string> = { "main.tf": text(BEFORE), "README.md": "# infra\n" }) {
  const fake = new FakeGithub(TOKEN, "acme", "infra", files);
  servers.push(fake);
  const apiUrl = await fake.start();
  const config = githubConfigOf({
    VIGIL_GITHUB_TOKEN: TOKEN,
    VIGIL_GITHUB_REPO: "acme/infra",
    VIGIL_GITHUB_API_URL: apiUrl,
    VIGIL_GITHUB_BASE_BRANCH: undefined,
  })!;
  return { fake, config };
}

/** An approved refactor waiting for its pull request, as decideProposal leaves it. */
async function pendingProposal(
  patchOf = (id: string) => proposalPatch(viewOf(refactor(), { id }), APPROVAL)!,
  title = "Right-size the web server",
) {
  const id = randomUUID();
  await pool().query(
    `INSERT INTO agent_proposal (id, kind, status, source, fingerprint, title, targets, checks, requested_by, decided_at,
       decided_by, decision_reason, patch, pr_state)
     VALUES ($1::uuid, 'refactor', 'approved', 'rule-based', $1::text, $2, $3, '[]', 'test', now(), 'sre@example.com', 'Idle CPU', $4, 'pending')`,
    [id, title, [WEB], patchOf(id)],
  );
  return id;
}

function refactor() {
  return {
    kind: "refactor" as const,
    title: "Right-size the web server",
    targets: [WEB],
    patch: { format: "unified-diff" as const, diff: diffOf(BEFORE, AFTER) },
    rationale: "Under 5% CPU for 30 days",
    evidenceIds: [`resource:${WEB}`],
    risk: "low" as const,
    rollback: "Revert",
  };
}

async function row(id: string) {
  const { rows } = await pool().query<{
    pr_state: string;
    pr_url: string | null;
    pr_error: string | null;
    pr_attempts: number;
  }>("SELECT pr_state, pr_url, pr_error, pr_attempts FROM agent_proposal WHERE id = $1", [id]);
  return rows[0];
}

function run(config: GithubConfig, lines: string[] = [], timeoutMs = 2_000) {
  return openPullRequests(ctx, { config, log: (line) => lines.push(line), timeoutMs });
}

describe("openPullRequests", () => {
  it("commits the patched files on vigil/proposal-<id8> and opens the pull request, once", async () => {
    const { fake, config } = await github();
    const id = await pendingProposal();
    expect(await run(config)).toEqual({ opened: 1, failed: 0 });
    const branch = `vigil/proposal-${id.slice(0, 8)}`;
    expect(fake.branchFiles(branch)).toEqual({
      "main.tf": { content: text(AFTER), mode: "100644" },
      "README.md": { content: "# infra\n", mode: "100644" },
    });
    expect(fake.branchFiles("main")["main.tf"].content).toBe(text(BEFORE));
    expect(fake.pulls).toHaveLength(1);
    const [pull] = fake.pulls;
    expect(pull).toMatchObject({ title: "Right-size the web server", head: branch, base: "main" });
    expect(pull.body).toContain("approved by sre@example.com");
    expect(pull.body).toContain(`Vigil-Proposal: ${id}`);
    expect(await row(id)).toEqual({ pr_state: "opened", pr_url: pull.html_url, pr_error: null, pr_attempts: 1 });
    expect(fake.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const { rows: audit } = await pool().query(
      "SELECT summary FROM audit_entry WHERE action = 'proposal.pull_request_opened' AND target_id = $1",
      [id],
    );
    expect(audit[0].summary).toMatchObject({ url: pull.html_url, branch, reused: false });
    expect(await run(config)).toEqual({ opened: 0, failed: 0 });
    expect(fake.pulls).toHaveLength(1);
  });

  it("retries a 500 on the next run and then opens it", async () => {
    const { fake, config } = await github();
    fake.fail({ method: "POST", path: /\/git\/trees$/ }, { status: 500, message: "Server Error" });
    const id = await pendingProposal();
    const lines: string[] = [];
    expect(await run(config, lines)).toEqual({ opened: 0, failed: 1 });
    expect(await row(id)).toMatchObject({ pr_state: "pending", pr_attempts: 1 });
    expect((await row(id)).pr_error).toBe("GitHub answered 500 to POST /repos/acme/infra/git/trees: Server Error");
    expect(lines.join("\n")).toContain("will retry");
    expect(await run(config)).toEqual({ opened: 1, failed: 0 });
    expect(await row(id)).toMatchObject({ pr_state: "opened", pr_error: null, pr_attempts: 2 });
  });

  it("fails a 401 at once, with GitHub's message stored and the token nowhere", async () => {
    const { fake, config } = await github();
    const id = await pendingProposal();
    const lines: string[] = [];
    const wrong = { ...config, token: "ghp_wrongTokenValue000000000000000000000" };
    expect(await run(wrong, lines)).toEqual({ opened: 0, failed: 1 });
    const stored = await row(id);
    expect(stored).toMatchObject({ pr_state: "failed", pr_attempts: 1 });
    expect(stored.pr_error).toMatch(/^GitHub answered 401 to GET \/repos\/acme\/infra\/pulls: Bad credentials$/);
    for (const secret of [TOKEN, wrong.token]) {
      expect(stored.pr_error).not.toContain(secret);
      expect(lines.join("\n")).not.toContain(secret);
    }
    expect(fake.requests[0].authorization).toBe(`Bearer ${wrong.token}`);
    expect(await run(config)).toEqual({ opened: 0, failed: 0 });
  });

  it("fails at once when the patch does not apply to the base branch", async () => {
    const { fake, config } = await github({ "main.tf": text(instance(WEB, "c5.large")) });
    const id = await pendingProposal();
    expect(await run(config)).toEqual({ opened: 0, failed: 1 });
    expect(await row(id)).toMatchObject({ pr_state: "failed", pr_attempts: 1 });
    expect((await row(id)).pr_error).toMatch(/^the patch does not apply to main: hunk 1 of main.tf does not apply/);
    expect(fake.refs.size).toBe(1);
  });

  it("reuses the branch after a crash that followed its creation, and never opens a second pull request", async () => {
    const { fake, config } = await github();
    fake.fail({ method: "POST", path: /\/pulls$/ }, { hang: true });
    const id = await pendingProposal();
    expect(await run(config, [], 300)).toEqual({ opened: 0, failed: 1 });
    expect((await row(id)).pr_error).toMatch(
      /could not be reached \(POST \/repos\/acme\/infra\/pulls\): no answer within 300 ms/,
    );
    const branch = `vigil/proposal-${id.slice(0, 8)}`;
    const commit = fake.refs.get(branch);
    expect(commit).toBeDefined();
    expect(await run(config)).toEqual({ opened: 1, failed: 0 });
    expect(fake.refs.get(branch)).toBe(commit);
    expect(fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/git/refs"))).toHaveLength(1);
    // Opened on GitHub but not recorded (a crash before COMMIT): the existing pull request is found.
    await pool().query("UPDATE agent_proposal SET pr_state = 'pending', pr_url = NULL WHERE id = $1", [id]);
    expect(await run(config)).toEqual({ opened: 1, failed: 0 });
    expect(fake.pulls).toHaveLength(1);
    expect((await row(id)).pr_url).toBe(fake.pulls[0].html_url);
  });

  it("fails a pending proposal without a patch at once, and starts none once the run's time is spent", async () => {
    const { fake, config } = await github();
    const id = await pendingProposal(() => null as unknown as string);
    expect(await openPullRequests(ctx, { config, log: () => {}, budgetMs: 0 })).toEqual({ opened: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ pr_state: "pending", pr_attempts: 0 });
    expect(await run(config)).toEqual({ opened: 0, failed: 1 });
    expect(await row(id)).toMatchObject({ pr_state: "failed", pr_error: "the proposal has no patch" });
    expect(fake.requests).toHaveLength(0);
  });

  it("does nothing without GitHub settings (the job, as the test settings have none)", async () => {
    const id = await pendingProposal();
    expect(await openPullRequests(ctx, { config: null })).toEqual({ opened: 0, failed: 0 });
    expect(openPullRequestsJob).toMatchObject({ name: "open-pull-requests", cron: "* * * * *", runAtStart: false });
    expect(await openPullRequestsJob.run(ctx)).toEqual({ opened: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ pr_state: "pending", pr_attempts: 0 });
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts that each timed out`, async () => {
    const { fake, config } = await github();
    fake.fail({ path: /\/pulls$/ }, { hang: true }, MAX_ATTEMPTS);
    const id = await pendingProposal();
    for (let i = 1; i <= MAX_ATTEMPTS; i += 1) {
      expect(await run(config, [], 100)).toEqual({ opened: 0, failed: 1 });
      expect(await row(id)).toMatchObject({ pr_attempts: i, pr_state: i < MAX_ATTEMPTS ? "pending" : "failed" });
    }
    expect(fake.pulls).toHaveLength(0);
    const { rows } = await pool().query(
      "SELECT 1 FROM audit_entry WHERE action = 'proposal.pull_request_failed' AND target_id = $1",
      [id],
    );
    expect(rows).toHaveLength(1);
  });

  it("creates new files and keeps a script executable (a teardown patch)", async () => {
    const { fake, config } = await github();
    const plan = teardownPlan({
      key: "k",
      provider: "aws",
      kind: "ebs-volume",
      resourceId: "vol-1",
      region: "us-east-1",
      tags: {},
      facts: {},
    });
    const removed = teardownPlan({
      key: "k2",
      provider: "aws",
      kind: "ebs-volume",
      resourceId: "vol-2",
      address: "aws_ebs_volume.old",
      tags: {},
      facts: {},
    });
    const teardown = { kind: "teardown" as const, findingIds: [randomUUID()], judgement: "idle", evidenceIds: [] };
    const plans = [
      { findingId: randomUUID(), address: null, plan },
      { findingId: randomUUID(), address: "aws_ebs_volume.old", plan: removed },
    ];
    const id = await pendingProposal(
      (pid) => proposalPatch(viewOf(teardown, { id: pid }), APPROVAL, plans)!,
      "Tear down",
    );
    expect(await run(config)).toEqual({ opened: 1, failed: 0 });
    const files = fake.branchFiles(`vigil/proposal-${id.slice(0, 8)}`);
    expect(files["vigil-teardown/vigil-teardown-vol-1.sh"].mode).toBe("100755");
    expect(files["vigil-teardown/vigil-teardown-vol-1.sh"].content).toContain("ID='vol-1'");
    expect(files[`vigil-teardown-${id.slice(0, 8)}.tf`].content).toContain("from = aws_ebs_volume.old");
    expect(files["main.tf"].content).toBe(text(BEFORE));
  });
});
