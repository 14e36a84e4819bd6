import { authorize, type Ctx } from "../context";
import { type JobStatus, readJobStatuses } from "./job-status";

/** Each worker job's last success, last error and lag, for admins (Settings). */
export async function listJobStatus(ctx: Ctx): Promise<JobStatus[]> {
  authorize(ctx, "settings:read");
  return readJobStatuses();
}
