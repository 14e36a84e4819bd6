import { env, type Env } from "@/lib/env";
import { DEFAULT_GITHUB_CONFIG } from "./github-config";
import { DEFAULT_GITLAB_CONFIG } from "./gitlab-config";
import type { GitHubWebhookSettings } from "./ingest-github";
import type { GitLabWebhookSettings } from "./ingest-gitlab";
import type { PagerDutyConfig } from "./parse-pagerduty";

// The delivery webhooks' settings (lib/env.ts) as the parsers' configs.

export function githubWebhookSettings(settings: Env = env()): GitHubWebhookSettings {
  return {
    secret: settings.VIGIL_GITHUB_WEBHOOK_SECRET,
    config: {
      ...DEFAULT_GITHUB_CONFIG,
      services: settings.VIGIL_GITHUB_SERVICES,
      incidentLabel: settings.VIGIL_GITHUB_INCIDENT_LABEL,
    },
  };
}

export function gitlabWebhookSettings(settings: Env = env()): GitLabWebhookSettings {
  return {
    token: settings.VIGIL_GITLAB_WEBHOOK_TOKEN,
    config: {
      ...DEFAULT_GITLAB_CONFIG,
      services: settings.VIGIL_GITLAB_SERVICES,
      incidentLabel: settings.VIGIL_GITLAB_INCIDENT_LABEL,
    },
  };
}

export function pagerDutySettings(settings: Env = env()): { secret: string | undefined; config: PagerDutyConfig } {
  return { secret: settings.VIGIL_PAGERDUTY_WEBHOOK_SECRET, config: { services: settings.VIGIL_PAGERDUTY_SERVICES } };
}
