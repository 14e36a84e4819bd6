import type pg from "pg";
import { sqlTransaction } from "@/lib/db";

// The delivery writers lock a deployment's, its commits' and pull requests' rows; a pull request and
// a deployment naming the same commits can take them in opposite orders, and PostgreSQL then
// aborts one (deadlock) so the other proceeds. The aborted one rolled back whole: run it again
// rather than failing a webhook whose sender did nothing wrong.

const RETRYABLE = new Set(["40P01", "40001"]); // deadlock_detected, serialization_failure
const ATTEMPTS = 4;

export async function deliveryTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sqlTransaction(work);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= ATTEMPTS || typeof code !== "string" || !RETRYABLE.has(code)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}
