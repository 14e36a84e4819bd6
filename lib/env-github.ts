import { z } from "zod";
import { ConfigError } from "./errors";
import { emptyAsUnset } from "./env-checks";

// The settings for opening pull requests of approved proposals (lib/proposals/github), declared
// beside lib/env.ts, which reads them with the rest: a token and a repository together enable it.

const REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
// What git allows in a branch name, minus the rarely used parts that need care in a URL.
const BRANCH = /^(?!\/|.*\/\/|.*\.\.|.*\/$|.*\.lock$|.*@\{)[A-Za-z0-9._/-]{1,200}$/;

export const GITHUB_PULL_REQUEST_SETTINGS = {
  VIGIL_GITHUB_TOKEN: z
    .preprocess(
      emptyAsUnset,
      z.string().max(1024, "must be at most 1024 characters").regex(/^\S+$/, "must not contain spaces").optional(),
    )
    .describe(
      "A GitHub token with contents and pull requests write access; with VIGIL_GITHUB_REPO, approved patches become pull requests",
    ),
  VIGIL_GITHUB_REPO: z
    .preprocess(emptyAsUnset, z.string().regex(REPO, "must be owner/name of a GitHub repository").optional())
    .describe("The repository holding the Terraform configuration, as owner/name"),
  VIGIL_GITHUB_API_URL: z
    .preprocess(
      emptyAsUnset,
      z.url({ error: "must be an http(s) URL such as https://api.github.com" }).default("https://api.github.com"),
    )
    .refine((value) => /^https?:\/\//.test(value), "must be an http(s) URL such as https://api.github.com")
    .describe("The GitHub REST API; GitHub Enterprise Server: https://<host>/api/v3"),
  VIGIL_GITHUB_BASE_BRANCH: z
    .preprocess(emptyAsUnset, z.string().regex(BRANCH, "must be a branch name").optional())
    .describe("The branch pull requests target; default: the repository's default branch"),
};

/** A token without a repository (or the reverse) is a mistake worth stopping for. */
export function checkGithubPullRequests<T extends { VIGIL_GITHUB_TOKEN?: string; VIGIL_GITHUB_REPO?: string }>(
  settings: T,
): T {
  const token = settings.VIGIL_GITHUB_TOKEN !== undefined;
  const repo = settings.VIGIL_GITHUB_REPO !== undefined;
  if (token !== repo)
    throw new ConfigError(
      `Invalid setting ${token ? "VIGIL_GITHUB_REPO" : "VIGIL_GITHUB_TOKEN"}: pull requests need VIGIL_GITHUB_TOKEN and VIGIL_GITHUB_REPO together`,
    );
  return settings;
}
