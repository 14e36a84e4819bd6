import { PROPOSE_JOB_INFO } from "../proposals/propose-job";
import type { JobDefinition } from "./registry";

/**
 * Jobs whose body lives outside lib/ (agents/ passes them to runWorker) but whose status every
 * process reports: what the Settings page and /api/health list besides JOBS.
 */
export const EXTERNAL_JOBS: readonly Omit<JobDefinition, "run">[] = [PROPOSE_JOB_INFO];
