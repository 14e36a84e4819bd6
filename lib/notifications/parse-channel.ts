import { VigilError } from "../errors";
import { isUuid, parseInput } from "../validation";
import { ChannelKindInput, type ChannelInput, KIND_SCHEMAS } from "./schemas";
import { literalRefusal } from "./outbound-guard";
import { assertSmtpConfigured } from "./smtp";

/**
 * A channel's input: the kind first (so the 400 names it), then that kind's fields. New e-mail
 * channels need SMTP; an existing one may still be edited (its deliveries fail, visibly, without).
 * A URL whose host is an IP the outbound guard refuses is refused here already; host names are
 * checked at each send, against what they resolve to then.
 */
export function parseChannelInput(input: unknown, options: { checkSmtp: boolean; checkUrl: boolean }): ChannelInput {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new VigilError("bad_request", "Send a JSON object", { field: null });
  const { kind } = parseInput(ChannelKindInput, { kind: (input as { kind?: unknown }).kind });
  const parsed = parseInput(KIND_SCHEMAS[kind], input) as ChannelInput;
  if (parsed.kind === "email" && options.checkSmtp) assertSmtpConfigured();
  const url = parsed.kind === "email" ? undefined : parsed.url;
  const refused = url && options.checkUrl ? literalRefusal(url) : null;
  if (refused) throw new VigilError("bad_request", `url: ${refused}`, { field: "url" });
  return parsed;
}

/** An id that can not be a channel's or silence's (empty, NUL, not a UUID) names none: 404 as an unknown one. */
export function assertId(id: string, what: string): void {
  if (!isUuid(id)) throw new VigilError("not_found", `No such ${what}`);
}
