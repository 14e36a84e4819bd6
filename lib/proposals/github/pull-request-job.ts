import { IncompleteRun } from "@/lib/jobs/incomplete-run";
import type { JobDefinition } from "@/lib/jobs/registry";
import { openPullRequests } from "@/lib/proposals/github/open-pull-requests";

// For lib/jobs/registry.ts: every minute, approved patches waiting for a pull request get one.
// A failed attempt is stored on the proposal and makes the run incomplete, so the worker logs it
// and /api/health shows it; the next run retries (open-pull-requests.ts decides how often).

export const openPullRequestsJob: JobDefinition = {
  name: "open-pull-requests",
  cron: "* * * * *",
  description:
    "Opens a GitHub pull request for each approved proposal patch, when VIGIL_GITHUB_TOKEN and VIGIL_GITHUB_REPO are set",
  runAtStart: false,
  feeds: "pull requests of approved proposals",
  run: async (ctx) => {
    const result = await openPullRequests(ctx);
    if (result.failed)
      throw new IncompleteRun(
        `${result.failed} pull request attempt(s) failed; see the proposals' pull request errors`,
        result,
      );
    return result;
  },
};
