import { z } from "zod";
import { ENVIRONMENT_NAMES } from "@/lib/delivery/environment-names";
import type { Environment } from "@/lib/delivery/schemas";
import { LIMITS, lookup, name, webUrl } from "./fields";

// How GitHub's names become Vigil's: environment names (any case) to the four DORA environments,
// repositories to services, and which issue label marks an incident. Settings override defaults.

export interface GitHubConfig {
  /** Lower-case GitHub environment name → Vigil environment; unmapped environments are ignored. */
  environments: Record<string, Environment>;
  /** Repository full name (owner/name) → service; a repository not listed is its own service (its name). */
  services: Record<string, string>;
  /** The label that makes an issue an incident (compared without case). */
  incidentLabel: string;
}

export const DEFAULT_GITHUB_CONFIG: GitHubConfig = {
  environments: { ...ENVIRONMENT_NAMES },
  services: {},
  incidentLabel: "incident",
};

/** The repository fields every event Vigil reads carries. */
export const repository = z.object({
  name: name(LIMITS.name),
  full_name: name(LIMITS.name),
  html_url: webUrl(),
});

export type Repository = z.output<typeof repository>;

export function serviceOf(repo: Repository, config: GitHubConfig): string {
  return lookup(config.services, repo.full_name) ?? repo.name;
}

export function environmentOf(raw: string, config: GitHubConfig): Environment | null {
  return lookup(config.environments, raw.trim().toLowerCase()) ?? null;
}
