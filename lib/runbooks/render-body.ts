import Mustache from "mustache";

// A runbook's JSON body from its Mustache template. Every value is JSON-escaped (quotes,
// backslashes, control characters, lone surrogates), so a value written inside quotes can not end
// its string: a service named `a","admin":true` stays one string. Raw tags ({{{x}}}, {{&x}}) and
// partials would undo that and are refused; the view has no prototype, so {{constructor}} is empty.

/** The values a template may use: an anomaly's fields as text or numbers. */
export type TemplateVars = Record<string, string | number | null>;

/** Largest body a run sends. */
export const MAX_BODY_CHARS = 256 * 1024;

/** What the template is checked with when saved: an anomaly with every field set. */
export const SAMPLE_VARS: TemplateVars = {
  id: "00000000-0000-4000-8000-000000000000",
  service: "checkout-api",
  series: "errors",
  scope: "POST /checkout",
  environment: "production",
  severity: "critical",
  direction: "up",
  score: 8.5,
  observed: 0.12,
  expected: 0.01,
  status: "open",
  start: "2026-01-31T12:00:00.000Z",
  peak: "2026-01-31T12:05:00.000Z",
  end: null,
  url: "https://vigil.example.com/anomalies/00000000-0000-4000-8000-000000000000",
};

const jsonEscape = (value: unknown) => JSON.stringify(String(value)).slice(1, -1);

type Token = [string, string, number, number, Token[]?];

function refusedTag(tokens: Token[]): string | null {
  for (const token of tokens) {
    if (token[0] === "&") return `{{{${token[1]}}}} and {{&${token[1]}}} are not allowed: values must be escaped`;
    if (token[0] === ">") return `partials ({{>${token[1]}}}) are not allowed`;
    const nested = token[4] ? refusedTag(token[4]) : null;
    if (nested) return nested;
  }
  return null;
}

/** The body for `vars`, or why the template can not give one (does not parse, not JSON, too large). */
export function renderBody(template: string, vars: TemplateVars): { body: string } | { error: string } {
  // A writer of its own: Mustache's shared cache would keep every template ever rendered.
  const writer = new Mustache.Writer();
  let body: string;
  try {
    const refused = refusedTag(writer.parse(template) as Token[]);
    if (refused) return { error: refused };
    const view = Object.assign(Object.create(null) as object, vars);
    body = writer.render(template, view, undefined, { escape: jsonEscape });
  } catch (err) {
    return { error: `does not render: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (body.length > MAX_BODY_CHARS) return { error: `renders more than ${MAX_BODY_CHARS} characters` };
  try {
    JSON.parse(body);
  } catch (err) {
    return { error: `does not render to valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  return { body };
}
