import { z } from "zod";
import { API_KEY_SCOPES, ROLES } from "../context";

export const Email = z.string().trim().toLowerCase().max(254, "must be at most 254 characters").pipe(z.email({ error: "must be an email address" }));
export const Password = z.string().min(12, "must be at least 12 characters").max(256, "must be at most 256 characters");
export const RoleInput = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });
const Reason = z.string().trim().max(500, "must be at most 500 characters").optional();

export const CreateUserInput = z.object({
  email: Email,
  name: z.string().trim().min(1).max(120).optional(),
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
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(254).optional(),
});

export const ApiKeyName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "must be lowercase letters, digits, '.', '_' or '-'");

export const CreateApiKeyInput = z.object({
  name: ApiKeyName,
  scopes: z.array(z.enum(API_KEY_SCOPES, { error: `must be one of ${API_KEY_SCOPES.join(", ")}` })).min(1, "give at least one scope").max(API_KEY_SCOPES.length),
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
