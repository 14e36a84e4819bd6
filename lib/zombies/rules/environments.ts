import type { Resource } from "@/lib/zombies/evidence";

const ENVIRONMENT_TAGS = ["environment", "env", "stage"];

/** The resource's environment: its own field, else an environment/env/stage tag (any case). */
export function environmentOf(resource: Resource): string | undefined {
  if (resource.environment?.trim()) return resource.environment.trim();
  for (const [key, value] of Object.entries(resource.tags)) {
    if (ENVIRONMENT_TAGS.includes(key.toLowerCase()) && value.trim()) return value.trim();
  }
  return undefined;
}

/** `preview`, `Preview`, `preview-pr-42` and `preview_42` all belong to the name `preview`. */
export function inEnvironmentList(environment: string | undefined, list: readonly string[]): boolean {
  if (!environment) return false;
  const env = environment.toLowerCase();
  return list.some((name) => {
    const n = name.toLowerCase();
    return env === n || env.startsWith(`${n}-`) || env.startsWith(`${n}_`) || env.startsWith(`${n}/`);
  });
}
