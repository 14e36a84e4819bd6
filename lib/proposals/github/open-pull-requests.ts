import type pg from "pg";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { oneLine } from "@/lib/proposals/patch/message-text";
import { patchFiles, patchMessage } from "@/lib/proposals/patch/resolve-files";
import { githubClient, GithubError } from "@/lib/proposals/github/github-client";
import { type GithubConfig, githubConfig } from "@/lib/proposals/github/github-config";
import { openPullRequest } from "@/lib/proposals/github/open-pull-request";

// The job's body: approved patches waiting for a pull request (pr_state 'pending'), oldest first,
// a bounded batch per run. Each row stays locked while its calls run, so two workers never open
// the same pull request. A failure is stored in pr_error (GitHub's status and message, never the
// token) and logged; it is tried again on the next run, up to MAX_ATTEMPTS, except a failure no
// retry can fix (bad token, no access, no repository, a patch that does not apply): failed at once.

export const MAX_ATTEMPTS = 5;
const BATCH = 10;
/** No new proposal is started after this long, so a run ends before the next minute's. */
const RUN_BUDGET_MS = 40_000;

export interface OpenPullRequestsOptions {
  /** Default: the settings (githubConfig()). */
  config?: GithubConfig | null;
  log?: (line: string) => void;
  /** Per GitHub call; default 15 s. */
  timeoutMs?: number;
  /** How long a run keeps starting proposals; default 40 s. */
  budgetMs?: number;
}

interface PendingRow {
  id: string;
  title: string;
  patch: string | null;
  pr_attempts: number;
  decided_at: Date | null;
}

const CLAIM = `SELECT id, title, patch, pr_attempts, decided_at FROM agent_proposal
  WHERE pr_state = 'pending' AND NOT (id = ANY($1::uuid[]))
  ORDER BY decided_at NULLS FIRST, id LIMIT 1 FOR UPDATE SKIP LOCKED`;

async function open(row: PendingRow, config: GithubConfig, timeoutMs?: number) {
  if (!row.patch) throw new GithubError(null, "the proposal has no patch", false);
  const files = patchFiles(row.patch);
  if (!files.ok) throw new GithubError(null, `the stored patch can not be read: ${files.error}`, false);
  const message = patchMessage(row.patch);
  const body = `${message.body.trimEnd()}\n\nOpened by Vigil from an approved proposal; the patch is also downloadable from Vigil.\n`;
  return openPullRequest(githubClient(config, { timeoutMs }), config, {
    proposalId: row.id,
    title: oneLine(row.title, 250) || message.subject,
    body,
    commitMessage: `${message.subject}\n\n${message.body}`,
    files: files.files,
    date: row.decided_at ?? new Date(),
  });
}

async function settle(client: pg.ClientBase, ctx: Ctx, row: PendingRow, err: unknown, log: (line: string) => void) {
  const attempts = row.pr_attempts + 1;
  const error =
    err instanceof GithubError
      ? err.message
      : `unexpected error: ${oneLine((err as Error)?.message ?? String(err), 300)}`;
  const final = (err instanceof GithubError && !err.retryable) || attempts >= MAX_ATTEMPTS;
  await client.query(
    `UPDATE agent_proposal SET pr_attempts = $2, pr_error = $3, pr_state = CASE WHEN $4 THEN 'failed' ELSE pr_state END
     WHERE id = $1`,
    [row.id, attempts, error.slice(0, 1000), final],
  );
  log(
    `open-pull-requests: proposal ${row.id} attempt ${attempts}${final ? " failed for good" : " failed, will retry"}: ${error}`,
  );
  if (final)
    await recordAudit(client, ctx, {
      action: "proposal.pull_request_failed",
      target: { type: "agent_proposal", id: row.id },
      summary: { attempts, error },
    });
}

/** One pending proposal handled in its own transaction; null when none is left. */
async function handleNext(ctx: Ctx, config: GithubConfig, seen: string[], options: OpenPullRequestsOptions) {
  const log = options.log ?? ((line: string) => console.warn(line));
  return sqlTransaction(async (client) => {
    const { rows } = await client.query<PendingRow>(CLAIM, [seen]);
    const row = rows[0];
    if (!row) return null;
    seen.push(row.id);
    try {
      const pull = await open(row, config, options.timeoutMs);
      await client.query(
        `UPDATE agent_proposal SET pr_state = 'opened', pr_url = $2, pr_error = NULL, pr_attempts = pr_attempts + 1
         WHERE id = $1`,
        [row.id, pull.url],
      );
      await recordAudit(client, ctx, {
        action: "proposal.pull_request_opened",
        target: { type: "agent_proposal", id: row.id },
        summary: { url: pull.url, number: pull.number, branch: pull.branch, reused: pull.reused },
      });
      return "opened" as const;
    } catch (err) {
      await settle(client, ctx, row, err, log);
      return "failed" as const;
    }
  });
}

export async function openPullRequests(
  ctx: Ctx,
  options: OpenPullRequestsOptions = {},
): Promise<{ opened: number; failed: number }> {
  authorize(ctx, "settings:manage");
  const config = options.config === undefined ? githubConfig() : options.config;
  const totals = { opened: 0, failed: 0 };
  if (!config) return totals;
  const seen: string[] = [];
  const until = Date.now() + (options.budgetMs ?? RUN_BUDGET_MS);
  for (let i = 0; i < BATCH && Date.now() < until; i += 1) {
    const outcome = await handleNext(ctx, config, seen, options);
    if (!outcome) break;
    totals[outcome] += 1;
  }
  return totals;
}
