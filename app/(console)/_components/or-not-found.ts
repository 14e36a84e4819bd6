import { notFound } from "next/navigation";
import { VigilError } from "@/lib/errors";

/** A record page's read: the not-found page when the verb says there is no such record, else its answer. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof VigilError && err.code === "not_found") notFound();
    throw err;
  }
}
