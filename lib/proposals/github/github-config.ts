import { type Env, env } from "@/lib/env";

// Where approved patches become pull requests: set when a token and a repository are configured
// (VIGIL_GITHUB_TOKEN, VIGIL_GITHUB_REPO; lib/env-github.ts checks their shapes).

export interface GithubConfig {
  token: string;
  owner: string;
  repo: string;
  /** Without a trailing slash. */
  apiUrl: string;
  /** null: the repository's default branch. */
  baseBranch: string | null;
}

type GithubSettings = Pick<
  Env,
  "VIGIL_GITHUB_TOKEN" | "VIGIL_GITHUB_REPO" | "VIGIL_GITHUB_API_URL" | "VIGIL_GITHUB_BASE_BRANCH"
>;

export function githubConfigOf(settings: GithubSettings): GithubConfig | null {
  const { VIGIL_GITHUB_TOKEN: token, VIGIL_GITHUB_REPO: repository } = settings;
  if (!token || !repository) return null;
  const [owner, repo] = repository.split("/");
  return {
    token,
    owner,
    repo,
    apiUrl: settings.VIGIL_GITHUB_API_URL.replace(/\/+$/, ""),
    baseBranch: settings.VIGIL_GITHUB_BASE_BRANCH ?? null,
  };
}

export function githubConfig(): GithubConfig | null {
  return githubConfigOf(env());
}

/** Whether an approved patch is queued for a pull request (pr_state 'pending'). */
export function githubConfigured(): boolean {
  return githubConfig() !== null;
}
