import { applyFileDiff } from "@/lib/proposals/patch/apply-hunks";
import type { FileDiff } from "@/lib/proposals/patch/file-diff";
import { type GithubClient, GithubError } from "@/lib/proposals/github/github-client";
import type { GithubConfig } from "@/lib/proposals/github/github-config";

// One approved patch as a pull request, through the git data API: the base branch's commit, each
// file's current text with the patch's hunks applied, blobs, a tree on the base tree, a commit,
// the branch vigil/proposal-<id8>, then the pull request. Safe to run again after a crash at any
// step: an existing pull request for the branch is returned, an existing branch is reused.

export interface PullRequestInput {
  proposalId: string;
  title: string;
  body: string;
  commitMessage: string;
  files: FileDiff[];
  date: Date;
}

export interface OpenedPullRequest {
  url: string;
  number: number;
  branch: string;
  reused: boolean;
}

interface Pull {
  html_url: string;
  number: number;
}

const enc = encodeURIComponent;
const refPath = (branch: string) => branch.split("/").map(enc).join("/");

async function notFoundAsNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof GithubError && err.status === 404) return null;
    throw err;
  }
}

async function currentText(gh: GithubClient, repo: string, path: string, ref: string): Promise<string | null> {
  const file = await notFoundAsNull(
    gh.request<{ type?: string; encoding?: string; content?: string; sha: string }>(
      "GET",
      `${repo}/contents/${path.split("/").map(enc).join("/")}?ref=${enc(ref)}`,
    ),
  );
  if (file === null) return null;
  if (Array.isArray(file) || file.type !== "file")
    throw new GithubError(422, `${path} is not a file in the repository`, false);
  // Files over 1 MB come without content: read their blob.
  const blob =
    file.encoding === "base64" && file.content
      ? file
      : await gh.request<{ content: string }>("GET", `${repo}/git/blobs/${enc(file.sha)}`);
  return Buffer.from(blob.content ?? "", "base64").toString("utf8");
}

async function commitFiles(gh: GithubClient, repo: string, base: string, input: PullRequestInput): Promise<string> {
  const ref = await gh.request<{ object: { sha: string } }>("GET", `${repo}/git/ref/heads/${refPath(base)}`);
  const parent = ref.object.sha;
  const commit = await gh.request<{ tree: { sha: string } }>("GET", `${repo}/git/commits/${enc(parent)}`);
  const tree = [];
  for (const file of input.files) {
    const applied = applyFileDiff(await currentText(gh, repo, file.path, parent), file);
    if (!applied.ok) throw new GithubError(422, `the patch does not apply to ${base}: ${applied.error}`, false);
    const blob = await gh.request<{ sha: string }>("POST", `${repo}/git/blobs`, {
      content: Buffer.from(applied.content, "utf8").toString("base64"),
      encoding: "base64",
    });
    tree.push({ path: file.path, mode: file.mode, type: "blob", sha: blob.sha });
  }
  const newTree = await gh.request<{ sha: string }>("POST", `${repo}/git/trees`, { base_tree: commit.tree.sha, tree });
  const author = { name: "Vigil", email: "vigil@localhost", date: input.date.toISOString() };
  const created = await gh.request<{ sha: string }>("POST", `${repo}/git/commits`, {
    message: input.commitMessage,
    tree: newTree.sha,
    parents: [parent],
    author,
  });
  return created.sha;
}

async function existingPull(gh: GithubClient, config: GithubConfig, repo: string, branch: string) {
  const head = enc(`${config.owner}:${branch}`);
  const pulls = await gh.request<Pull[]>("GET", `${repo}/pulls?head=${head}&state=all&per_page=1`);
  return pulls[0] ?? null;
}

export async function openPullRequest(
  gh: GithubClient,
  config: GithubConfig,
  input: PullRequestInput,
): Promise<OpenedPullRequest> {
  const repo = `/repos/${enc(config.owner)}/${enc(config.repo)}`;
  const branch = `vigil/proposal-${input.proposalId.slice(0, 8)}`;
  const found = await existingPull(gh, config, repo, branch);
  if (found) return { url: found.html_url, number: found.number, branch, reused: true };
  const base = config.baseBranch ?? (await gh.request<{ default_branch: string }>("GET", repo)).default_branch;
  const branchRef = await notFoundAsNull(gh.request("GET", `${repo}/git/ref/heads/${refPath(branch)}`));
  // The branch is created last, from a finished commit: if it exists, the commit is complete.
  if (!branchRef) {
    const sha = await commitFiles(gh, repo, base, input);
    await gh.request("POST", `${repo}/git/refs`, { ref: `refs/heads/${branch}`, sha });
  }
  const pull = await gh.request<Pull>("POST", `${repo}/pulls`, {
    title: input.title,
    head: branch,
    base,
    body: input.body,
  });
  return { url: pull.html_url, number: pull.number, branch, reused: Boolean(branchRef) };
}
