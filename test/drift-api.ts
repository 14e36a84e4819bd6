import fs from "node:fs";
import path from "node:path";
import { GET as getOne } from "@/app/api/v1/drift/[id]/route";
import { POST as importFile } from "@/app/api/v1/drift/imports/route";
import { GET as list } from "@/app/api/v1/drift/route";
import { bearerKey, callHandler } from "./http-callers";

// The drift API as its tests call it: the real route handlers, with the caller's credentials.

/** An upstream sample from collectors/iac/fixtures, as text. */
export function iacFixture(name: string): string {
  return fs.readFileSync(path.resolve(import.meta.dirname, "../collectors/iac/fixtures", name), "utf8");
}

/** New API keys (Authorization header values): one that imports drift files, one that reads drift. */
export async function driftKeys(): Promise<{ ingest: string; reader: string }> {
  return { ingest: await bearerKey(["ingest:iac"]), reader: await bearerKey(["read"]) };
}

/** POST /api/v1/drift/imports?<query> with this body and these headers: the status and the JSON answer. */
export async function postDriftImport(query: string, body: BodyInit, headers: Record<string, string>) {
  const response = await callHandler(importFile, `/api/v1/drift/imports?${query}`, { method: "POST", headers, body });
  return { status: response.status, body: await response.json() };
}

/** GET /api/v1/drift?<query>, as `authorization`. */
export function listDrift(query: string, authorization: string): Promise<Response> {
  return callHandler(list, `/api/v1/drift?${query}`, { headers: { authorization } });
}

/** GET /api/v1/drift/<id>, as `authorization`: the status and the JSON answer. */
export async function getDrift(id: string, authorization: string) {
  const response = await callHandler(getOne, `/api/v1/drift/${id}`, { headers: { authorization } }, { id });
  return { status: response.status, body: await response.json() };
}
