import type { BillingLimits } from "@/collectors/billing/limits";
import { env } from "../env";

/** The billing file caps from settings. */
export function billingLimits(): BillingLimits {
  const settings = env();
  return {
    maxFileBytes: settings.VIGIL_BILLING_MAX_FILE_MB * 1024 * 1024,
    maxCellBytes: settings.VIGIL_BILLING_MAX_CELL_KB * 1024,
    maxRecordBytes: settings.VIGIL_BILLING_MAX_RECORD_KB * 1024,
  };
}
