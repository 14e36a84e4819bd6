import { authorize, type Ctx } from "../context";
import { pool } from "../db";

/** How long finished deliveries (and their attempts) stay in the log. */
export const DELIVERY_LOG_DAYS = 30;

/** Drops deliveries finished more than DELIVERY_LOG_DAYS ago, so the log stays bounded. */
export async function pruneDeliveries(ctx: Ctx): Promise<number> {
  authorize(ctx, "settings:manage");
  const { rowCount } = await pool().query(
    `DELETE FROM notification_delivery WHERE finished_at < now() - interval '${DELIVERY_LOG_DAYS} days'`,
  );
  return rowCount ?? 0;
}
