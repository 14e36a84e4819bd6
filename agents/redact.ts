// Secret-looking values never reach a model: every string sent is passed through here first.
// Patterns follow what secret scanners (gitleaks, GitHub secret scanning) look for; a false
// positive costs a word of context, a false negative leaks a credential.

export const REDACTED = "[REDACTED]";

const SECRET_WORD = String.raw`(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth(?:orization)?|session[_-]?key|accountkey|sharedaccesskey|sas)`;

/** Whole-match patterns: the match itself is the secret. */
const WHOLE: RegExp[] = [
  // PEM private keys, including a truncated one with no END line.
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[\s\S]*$)/g,
  // AWS access key ids.
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
  // JSON Web Tokens.
  /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/g,
  // GitHub tokens (classic, OAuth, app, refresh) and fine-grained ones.
  /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/g,
  // GitLab, Slack, Stripe, Vigil's own keys, OpenAI-style keys.
  /\b(?:glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|vgl_[A-Za-z0-9_-]{16,}|sk-[A-Za-z0-9_-]{20,})/g,
];

/** Patterns whose last group is the secret; the rest is kept as context. */
const KEEP_PREFIX: RegExp[] = [
  // Authorization header values.
  /(\b(?:Bearer|Basic|Token)\s+)([A-Za-z0-9._~+/=-]{8,})/gi,
  // user:password@ in any URL or connection string.
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)([^\s@/]+)(?=@)/gi,
  // key=value, key: value, "key": "value" with a secret-looking key.
  new RegExp(
    String.raw`(\b[\w.-]*${SECRET_WORD}(?:[_.-][\w.-]*)?["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&"'}\]]+)`,
    "gi",
  ),
];

// The secret word ends the key or a part of it: `db_password`, `apiKey`, `x-api-key.id`, not `author`.
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|Digest|Negotiate)$/i;
const SECRET_KEY = new RegExp(String.raw`^[\w.:-]*${SECRET_WORD}(?:[_.:-][\w.:-]*)?$`, "i");
/** A long, dense, mixed-case-and-digits run, as an AWS secret key or a random API key is. */
const HIGH_ENTROPY =
  /(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*\d)[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g;

export interface Redaction<T> {
  value: T;
  /** How many secret-looking values were replaced. */
  count: number;
}

/** A string with every secret-looking value replaced by [REDACTED]. */
export function redactText(text: string): Redaction<string> {
  let count = 0;
  let out = text;
  for (const pattern of WHOLE)
    out = out.replace(pattern, () => {
      count += 1;
      return REDACTED;
    });
  for (const pattern of KEEP_PREFIX)
    out = out.replace(pattern, (match: string, prefix: string, secret: string) => {
      // Already redacted, or the scheme word of `Authorization: Bearer [REDACTED]`.
      if (secret.includes(REDACTED) || AUTH_SCHEME.test(secret)) return match;
      count += 1;
      const quote = /^["']/.test(secret) ? secret[0] : "";
      return `${prefix}${quote}${REDACTED}${quote}`;
    });
  out = out.replace(HIGH_ENTROPY, () => {
    count += 1;
    return REDACTED;
  });
  return { value: out, count };
}

/**
 * A JSON-like value with every string redacted, and every value under a secret-looking key
 * (a tag `db_password`, an attribute `http.request.header.authorization`) replaced whole.
 */
export function redactValue<T>(value: T): Redaction<T> {
  let count = 0;
  const walk = (item: unknown, depth: number): unknown => {
    if (depth > 64) return REDACTED;
    if (typeof item === "string") {
      const result = redactText(item);
      count += result.count;
      return result.value;
    }
    if (Array.isArray(item)) return item.map((entry) => walk(entry, depth + 1));
    if (item && typeof item === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(item)) {
        if (SECRET_KEY.test(key) && typeof entry === "string" && entry !== "") {
          count += 1;
          out[key] = REDACTED;
        } else out[key] = walk(entry, depth + 1);
      }
      return out;
    }
    return item;
  };
  return { value: walk(value, 0) as T, count };
}
