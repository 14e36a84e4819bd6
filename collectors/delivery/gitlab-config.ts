import { z } from "zod";
import { ENVIRONMENT_NAMES } from "@/lib/delivery/environment-names";
import type { Environment } from "@/lib/delivery/schemas";
import { timestamp } from "@/lib/validation";
import { LIMITS, lookup, name, webUrl } from "./fields";

// How GitLab's names become Vigil's: projects to services, environments (by GitLab's deployment
// tier, else by name as for GitHub) to the four DORA environments, and which issues are incidents.

export interface GitLabConfig {
  /** Lower-case environment name → Vigil environment, for environments whose tier is "other" or unsent. */
  environments: Record<string, Environment>;
  /** Project path_with_namespace (group/project) → service; a project not listed is the service of its path. */
  services: Record<string, string>;
  /** The label (any case) that makes an issue an incident, besides GitLab's own Incident type. */
  incidentLabel: string;
}

export const DEFAULT_GITLAB_CONFIG: GitLabConfig = {
  environments: { ...ENVIRONMENT_NAMES },
  services: {},
  incidentLabel: "incident",
};

/** GitLab's deployment tiers; "other" is left to the environment's name. */
export const TIERS = ["production", "staging", "testing", "development", "other"] as const;
const TIER_ENVIRONMENTS: Record<string, Environment> = {
  production: "PRODUCTION",
  staging: "STAGING",
  testing: "TESTING",
  development: "DEVELOPMENT",
};

/** The project fields every event Vigil reads carries. */
export const project = z.object({
  name: name(LIMITS.name),
  path_with_namespace: name(LIMITS.name),
  web_url: webUrl(),
});

type Project = z.output<typeof project>;

export function serviceOf(value: Project, config: GitLabConfig): string {
  const path = value.path_with_namespace;
  return lookup(config.services, path) ?? path.slice(path.lastIndexOf("/") + 1);
}

/** GitLab's own classification first (it drives GitLab's DORA metrics too), then the name. */
export function environmentOf(environment: string, tier: string | null | undefined, config: GitLabConfig) {
  const byTier = tier ? lookup(TIER_ENVIRONMENTS, tier) : undefined;
  return byTier ?? lookup(config.environments, environment.trim().toLowerCase()) ?? null;
}

// Issue, merge request and deployment bodies carry Rails' "2021-04-28 21:50:00 +0200" or
// "2013-12-03 17:15:43 UTC"; commits and the documentation's examples carry RFC 3339.
const RAILS_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?) (UTC|[+-]\d{2}:?\d{2})$/;

function asRfc3339(value: string): string {
  const match = RAILS_TIME.exec(value);
  if (!match) return value;
  const [, day, time, zone] = match;
  const offset = zone === "UTC" ? "Z" : `${zone!.slice(0, 3)}:${zone!.slice(-2)}`;
  return `${day}T${time}${offset}`;
}

/** A GitLab time in either form, 1970 to 9999, as the instant it names. */
export const gitlabTime = () =>
  z
    .string({ error: "must be a time such as 2021-04-28 21:50:00 +0200 or 2021-04-28T19:50:00Z" })
    .max(40, "must be a time such as 2021-04-28 21:50:00 +0200 or 2021-04-28T19:50:00Z")
    .transform(asRfc3339)
    .pipe(timestamp())
    .transform((value) => new Date(value));
