import { environmentNamed } from "@/lib/delivery/environment-names";

/**
 * Whether an environment is known not to be production (staging, test, dev and their usual names).
 * Anything else, production itself, an empty or an unknown name, counts as production: a run there
 * always waits for a second person.
 */
export function isNonProduction(environment: string): boolean {
  const named = environmentNamed(environment);
  return named !== null && named !== "PRODUCTION";
}
