import { db } from "../db";
import { env } from "../env";

export interface Health {
  status: "ok" | "unavailable";
  database: "embedded" | "external";
}

/** Ready means the database answers; the mode says whether Vigil runs its own PostgreSQL. */
export async function getHealth(): Promise<Health> {
  const database = env().VIGIL_DATABASE_MODE ?? "external";
  try {
    await db().$queryRaw`SELECT 1`;
    return { status: "ok", database };
  } catch {
    return { status: "unavailable", database };
  }
}
