import type { Environment } from "@/lib/delivery/schemas";

// How the environment names teams use (GitHub environments, deployment.environment.name on spans)
// map to the four DORA environments; a name not listed is not one Vigil measures.

export const ENVIRONMENT_NAMES: Readonly<Record<string, Environment>> = {
  production: "PRODUCTION",
  prod: "PRODUCTION",
  prd: "PRODUCTION",
  live: "PRODUCTION",
  staging: "STAGING",
  stage: "STAGING",
  stg: "STAGING",
  test: "TESTING",
  testing: "TESTING",
  qa: "TESTING",
  development: "DEVELOPMENT",
  dev: "DEVELOPMENT",
};

export function environmentNamed(name: string, names: Readonly<Record<string, Environment>> = ENVIRONMENT_NAMES) {
  return Object.hasOwn(names, name.toLowerCase()) ? names[name.toLowerCase()] : null;
}
