import { z } from "zod";
import type pg from "pg";
import { VigilError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import type { SloDefinition } from "./schemas";

// How an SLO row reads back, and finding one by the id the API hands out.

export interface SloRecord {
  id: string;
  name: string;
  service: string;
  definition: SloDefinition;
  /** The spec file it came from (VIGIL_SLO_DIR): read-only elsewhere. */
  sourceFile: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export const SLO_COLUMNS = `s.id::text, s.name, s.service, s.definition, s.source_file, s.created_by, s.created_at, s.updated_at`;

export interface SloRow {
  id: string;
  name: string;
  service: string;
  definition: SloDefinition;
  source_file: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export function toSloRecord(row: SloRow): SloRecord {
  return {
    id: row.id,
    name: row.name,
    service: row.service,
    definition: row.definition,
    sourceFile: row.source_file,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const SloId = z.object({ id: z.string().regex(/^\d{1,18}$/, "must be an SLO id from this API") });

/** An id from the path: anything that can not be one is a 404, as an unknown one is. */
export function sloId(id: string): string {
  try {
    return parseInput(SloId, { id }).id;
  } catch {
    throw new VigilError("not_found", "No such SLO");
  }
}

/** The SLO, locked for the caller's transaction; 404 when there is none. */
export async function lockSlo(client: pg.PoolClient, id: string): Promise<SloRow> {
  const { rows } = await client.query<SloRow>(`SELECT ${SLO_COLUMNS} FROM slo s WHERE s.id = $1 FOR UPDATE`, [
    sloId(id),
  ]);
  if (!rows[0]) throw new VigilError("not_found", "No such SLO");
  return rows[0];
}

/** A change to an SLO from a spec file is made in the file: refuse it here, naming the file. */
export function refuseIfFromFile(row: SloRow): void {
  if (row.source_file)
    throw new VigilError("conflict", `SLO ${row.name} is defined in ${row.source_file}: change it there`);
}
