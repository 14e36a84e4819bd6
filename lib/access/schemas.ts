import { z } from "zod";
import { API_KEY_SCOPES, ROLES } from "../context";
import { pageLimit, text } from "../validation";

export const Email = text(254)
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "must be an email address" }));
export const Password = text(256).min(12, "must be at least 12 characters");
const RoleInput = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });
/** A person's display name. */
export const DISPLAY_NAME_MAX = 120;
export const DisplayName = text(DISPLAY_NAME_MAX).trim().min(1, "must not be empty");
const Reason = text(500).trim().optional();

export const CreateUserInput = z.object({
  email: Email,
  name: DisplayName.optional(),
  role: RoleInput,
  /** Given: the user's password. Omitted: a one-time password is generated and returned once. */
  password: Password.optional(),
  demo: z.boolean().default(false),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export const ChangeUserInput = z
  .object({
    role: RoleInput.optional(),
    disabled: z.boolean().optional(),
    reason: Reason,
  })
  .refine((input) => input.role !== undefined || input.disabled !== undefined, { error: "give a role or disabled" });
export type ChangeUserInput = z.input<typeof ChangeUserInput>;

export const ListPageInput = z.object({
  limit: pageLimit(),
  after: text(254).optional(),
});

/** A user's id as better-auth and `createUser` make them. */
export const UserRef = z.object({ id: text(64).regex(/^[A-Za-z0-9_-]+$/, "must be a user id") });

/** Why a key is revoked; kept in the audit trail. */
export const RevokeApiKeyInput = z.object({ reason: Reason });

export const ApiKeyName = text(64)
  .trim()
  .min(1, "must not be empty")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "must be lowercase letters, digits, '.', '_' or '-'");

export const CreateApiKeyInput = z.object({
  name: ApiKeyName,
  scopes: z
    .array(z.enum(API_KEY_SCOPES, { error: `must be one of ${API_KEY_SCOPES.join(", ")}` }))
    .min(1, "give at least one scope")
    .max(API_KEY_SCOPES.length),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  demo: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
