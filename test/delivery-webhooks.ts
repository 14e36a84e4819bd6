import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { listRejectedEvents, type RejectedEvent } from "@/lib/delivery/rejected-events";
import { callHandler } from "./http-callers";
import { roleCtx } from "./factories";

// Callers of the delivery webhook routes, as their senders call them: the real payload fixtures,
// signed bodies, and the rejected-events list a refusal must land in.

const FIXTURES = path.resolve(import.meta.dirname, "..", "collectors", "delivery", "fixtures");

/** A fresh copy of a payload fixture of collectors/delivery/fixtures. */
export function deliveryFixture(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as Record<string, unknown>;
}

type Handler = (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>;

/** POSTs `body` (an object as JSON, or raw text/bytes as they are) to a route handler. */
export function postTo(
  handler: Handler,
  urlPath: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const raw = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
  return callHandler(handler, urlPath, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: raw as BodyInit,
  });
}

/** The hex HMAC-SHA256 of `body` under `secret`, as GitHub and PagerDuty sign. */
export function hmacHex(body: string | Uint8Array, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

/** A stored rejection by the id a 400 answered with. */
export async function rejection(id: string): Promise<RejectedEvent> {
  const { items } = await listRejectedEvents(roleCtx("admin"), { limit: 200 });
  const found = items.find((item) => item.id === id);
  if (!found) throw new Error(`rejection ${id} is not in the newest 200`);
  return found;
}

/** Expects a 400 naming `field`, kept in the rejected-events list with that field and the body's start. */
export async function expectRejected(response: Response, field: string): Promise<RejectedEvent> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(400);
  const body = JSON.parse(text) as {
    error: { code: string; message: string; fields: { field: string; reason: string }[] };
    rejectedId: string;
  };
  expect(body.error.code).toBe("bad_request");
  expect(body.error.fields.map((f) => f.field)).toContain(field);
  expect(body.error.message).toContain(field);
  const stored = await rejection(body.rejectedId);
  expect(stored.errors.map((e) => e.field)).toContain(field);
  return stored;
}
