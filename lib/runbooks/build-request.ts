import { VigilError } from "@/lib/errors";
import { renderBody, type TemplateVars } from "./render-body";
import type { RunbookRow } from "./runbook-rows";
import type { RequestView } from "./schemas";
import { open } from "./secret-box";

// The request a runbook makes for an anomaly: shown (dry run, the run's record) with secret values
// redacted, and sent with them opened.

export const REDACTED = "[secret]";

/** The request as shown; a 400 naming bodyTemplate when the template fails for this anomaly. */
export function requestView(runbook: RunbookRow, vars: TemplateVars): RequestView {
  const rendered = renderBody(runbook.body_template, vars);
  if ("error" in rendered)
    throw new VigilError("bad_request", `bodyTemplate: for this anomaly it ${rendered.error}`, {
      field: "bodyTemplate",
    });
  return {
    method: runbook.method,
    url: runbook.url,
    headers: [
      ...runbook.headers.map(({ name, value }) => ({ name, value })),
      ...runbook.secret_headers.map(({ name }) => ({ name, value: REDACTED })),
    ],
    body: rendered.body,
  };
}

/** The headers to send, secrets opened; or which secret no longer opens (the server secret changed). */
export function sendHeaders(runbook: RunbookRow): { headers: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  for (const { name, value } of runbook.headers) headers[name] = value;
  for (const { name, box } of runbook.secret_headers) {
    const value = open(box, runbook.id, name);
    if (value === null)
      return { error: `secret header ${name} can not be decrypted (was the server secret changed?): set it again` };
    headers[name] = value;
  }
  return { headers };
}

/** `text` with every secret value replaced, for an answer that echoes what it was sent. */
export function withoutSecrets(text: string | null, headers: Record<string, string>, runbook: RunbookRow) {
  if (text === null) return null;
  let clean = text;
  for (const { name } of runbook.secret_headers) {
    const value = headers[name];
    if (value && value.length >= 4) clean = clean.split(value).join(REDACTED);
  }
  return clean;
}
