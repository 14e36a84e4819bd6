import { z } from "zod";
import { DISPLAY_NAME_MAX, DisplayName } from "../access/schemas";
import { hasLoneSurrogate, inputError, text } from "../validation";

// The bodies of better-auth's endpoints that take text from a person, checked before better-auth
// sees them: every field bounded, and a message naming the field instead of a 500 later.

const SignInBody = z.object({
  email: text(254).pipe(z.email({ error: "must be an email address" })),
  password: text(256).min(1, "must not be empty"),
  callbackURL: text(2048).optional(),
  rememberMe: z.boolean().optional(),
});

const ChangePasswordBody = z.object({
  currentPassword: text(256).min(1, "must not be empty"),
  newPassword: text(256).min(12, "must be at least 12 characters"),
  revokeOtherSessions: z.boolean().optional(),
});

// Role, demo, disabled and the forced change are Vigil's to set, never the person's own.
const UpdateUserBody = z.strictObject(
  {
    name: DisplayName.optional(),
    image: text(2048)
      .pipe(z.url({ error: "must be a URL" }))
      .nullable()
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `only name and image can be changed here, not ${issue.keys.join(", ")}`
        : undefined,
  },
);

const SocialSignInBody = z.object({
  provider: text(64),
  callbackURL: text(2048).optional(),
  errorCallbackURL: text(2048).optional(),
  newUserCallbackURL: text(2048).optional(),
  disableRedirect: z.boolean().optional(),
});

const AUTH_BODIES: Record<string, z.ZodType> = {
  "/sign-in/email": SignInBody,
  "/sign-in/social": SocialSignInBody,
  "/change-password": ChangePasswordBody,
  "/update-user": UpdateUserBody,
};

/**
 * Text PostgreSQL can not store, anywhere in a query or body: NUL, or a lone surrogate (which has
 * no UTF-8 form). Every better-auth endpoint is covered, not only those with a schema above.
 */
function unstorableText(value: unknown, field = ""): string | null {
  if (typeof value === "string") {
    if (value.includes("\0")) return `${field || "value"}: must not contain NUL characters`;
    return hasLoneSurrogate(value) ? `${field || "value"}: must be valid Unicode (no lone surrogates)` : null;
  }
  if (value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    const problem = unstorableText(key, field) ?? unstorableText(item, field ? `${field}.${key}` : key);
    if (problem) return problem;
  }
  return null;
}

/** The first query parameter PostgreSQL could not store, as "name: why". */
export function queryProblem(url: string): string | null {
  for (const [name, value] of new URL(url).searchParams) {
    const problem = unstorableText(name, "query") ?? unstorableText(value, name);
    if (problem) return problem;
  }
  const path = new URL(url).pathname;
  return /%00/i.test(path) ? "path: must not contain NUL characters" : null;
}

/** The first problem with a body, as "field: why". */
export function bodyProblem(path: string, body: unknown): string | null {
  const schema = AUTH_BODIES[path];
  if (!schema) return unstorableText(body);
  const result = schema.safeParse(body ?? {});
  return result.success ? null : inputError(result.error).message;
}

/** A display name from anywhere (an identity provider's claim) as one that can be stored. */
export function storableName(name: unknown): string {
  const clean = String(name ?? "")
    .replace(/\0/g, "")
    .toWellFormed()
    .trim();
  return Array.from(clean).slice(0, DISPLAY_NAME_MAX).join("");
}
