import type { Ctx } from "@/lib/context";
import type { RecordOutcome } from "@/lib/delivery/record-deployment";
import { recordRejectedEvent } from "@/lib/delivery/rejected-events";
import { VigilError } from "@/lib/errors";
import { readBody } from "@/lib/http/read-body";
import type { FieldError, Ignored, Parsed } from "./fields";

// What every delivery webhook does around its parser: read the body under a cap, decode JSON,
// answer a refusal with 400 naming each field (and keep it in the rejected-events list), and
// answer a recorded event with its id and outcome.

/** One delivery as the rejected-events list shows it. */
export interface Delivery {
  /** The route as in lib/http/routes.ts. */
  route: string;
  source: string;
  event?: string | null;
  deliveryId?: string | null;
}

/** Answers a refused event with 400 (or `status`) naming each field, after keeping it. */
export async function reject(
  ctx: Ctx,
  delivery: Delivery,
  errors: FieldError[],
  body: Uint8Array,
  options: { status?: number; bodyBytes?: number } = {},
): Promise<Response> {
  const rejectedId = await recordRejectedEvent(ctx, { ...delivery, errors, body, bodyBytes: options.bodyBytes });
  const message = errors.map((e) => `${e.field}: ${e.reason}`).join("; ");
  const code = options.status === 413 ? "payload_too_large" : "bad_request";
  return Response.json(
    { error: { code, message, field: errors[0]?.field ?? null, fields: errors }, requestId: ctx.requestId, rejectedId },
    { status: options.status ?? 400 },
  );
}

/**
 * The body of a sender already known by its key, under `maxBytes`; one over it is answered 413 and
 * kept as a rejection (without its bytes, which were not read).
 */
export async function readForSender(
  ctx: Ctx,
  request: Request,
  delivery: Delivery,
  maxBytes: number,
): Promise<Uint8Array | Response> {
  try {
    return await readBody(request, maxBytes);
  } catch (err) {
    if (!(err instanceof VigilError) || err.code !== "payload_too_large") throw err;
    const sent = Number(request.headers.get("content-length") ?? Number.NaN);
    return reject(
      ctx,
      delivery,
      [{ field: "(body)", reason: `is over the ${maxBytes}-byte limit` }],
      new Uint8Array(0),
      {
        status: 413,
        bodyBytes: Number.isSafeInteger(sent) && sent > 0 ? sent : maxBytes + 1,
      },
    );
  }
}

/** The body as JSON, or why it is not. */
export function decodeJson(body: Uint8Array): Parsed<unknown> {
  const refuse = (reason: string): Parsed<unknown> => ({ ok: false, errors: [{ field: "(body)", reason }] });
  if (body.byteLength === 0) return refuse("is empty: send the event as a JSON object");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return refuse("is not valid UTF-8");
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    if (text.startsWith("payload="))
      return refuse("is form-encoded: set the webhook's content type to application/json");
    return refuse("is not valid JSON");
  }
}

/** 201 when the event made a new record, 200 when it updated one or changed nothing. */
export function answer(outcome: RecordOutcome): Response {
  return Response.json(outcome, { status: outcome.outcome === "created" ? 201 : 200 });
}

/** Whether the sender asked to be answered once its event is queued (RFC 7240 `Prefer: respond-async`). */
export function prefersAsync(request: Request): boolean {
  const prefer = request.headers.get("prefer") ?? "";
  return prefer.split(",").some((p) => p.split(";")[0].trim().toLowerCase() === "respond-async");
}

/** 202 for an event queued durably for the worker to store: its inbox id, and `extra` (the budget policy). */
export function queuedAnswer(queued: string, extra: object = {}): Response {
  return Response.json({ queued, ...extra }, { status: 202, headers: { "preference-applied": "respond-async" } });
}

/** 202: read, well-formed, and nothing in it Vigil records (a ping, a pending status). */
export function ignoredAnswer(reason: string): Response {
  return Response.json({ ignored: reason }, { status: 202 });
}

/**
 * Decodes, parses and records one event, or refuses and keeps it; `eventOf` names the event from the
 * body for the rejected-events list when the sender puts it there rather than in a header.
 */
export async function ingestBody<T extends object>(
  ctx: Ctx,
  delivery: Delivery,
  body: Uint8Array,
  parse: (json: unknown) => Parsed<T | Ignored>,
  record: (value: T) => Promise<RecordOutcome | Response>,
  eventOf: (json: unknown) => string | null = () => null,
): Promise<Response> {
  const json = decodeJson(body);
  if (!json.ok) return reject(ctx, delivery, json.errors, body);
  const parsed = parse(json.value);
  if (!parsed.ok)
    return reject(ctx, { ...delivery, event: delivery.event ?? eventOf(json.value) }, parsed.errors, body);
  if ("ignored" in parsed.value && typeof parsed.value.ignored === "string") return ignoredAnswer(parsed.value.ignored);
  const recorded = await record(parsed.value as T);
  return recorded instanceof Response ? recorded : answer(recorded);
}
