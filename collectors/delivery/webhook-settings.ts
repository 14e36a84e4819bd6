import { env, type Env } from "@/lib/env";
import { DEFAULT_GITHUB_CONFIG } from "./github-config";
import type { GitHubWebhookSettings } from "./ingest-github";
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

export function pagerDutySettings(settings: Env = env()): { secret: string | undefined; config: PagerDutyConfig } {
  return { secret: settings.VIGIL_PAGERDUTY_WEBHOOK_SECRET, config: { services: settings.VIGIL_PAGERDUTY_SERVICES } };
}
