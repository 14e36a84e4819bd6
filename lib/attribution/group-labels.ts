import type { GroupKey } from "./schemas";

// Free of runtime imports, so client components can share it without carrying zod.

/** How each dimension reads on screen and in a CSV header. */
export const GROUP_LABELS: Record<GroupKey, string> = {
  feature: "Feature",
  team: "Team",
  env: "Environment",
  appService: "App service",
  service: "Cloud service",
  provider: "Provider",
  resource: "Resource",
};
