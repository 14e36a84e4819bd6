import { type BetterAuthOptions, betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins";
import { scopedDb, transaction } from "../db";
import { env, publicUrl } from "../env";
import { storableName } from "./auth-bodies";
import { auditAfter, guardBefore } from "./auth-hooks";
import { ownOrigins } from "./own-origins";
import { authSecret } from "./secret";

const OIDC_PROVIDER_ID = "oidc";

function oidcPlugins() {
  const settings = env();
  if (!settings.VIGIL_OIDC_ISSUER || !settings.VIGIL_OIDC_CLIENT_ID || !settings.VIGIL_OIDC_CLIENT_SECRET) return [];
  const issuer = settings.VIGIL_OIDC_ISSUER.replace(/\/$/, "");
  return [
    genericOAuth({
      config: [
        {
          providerId: OIDC_PROVIDER_ID,
          discoveryUrl: `${issuer}/.well-known/openid-configuration`,
          clientId: settings.VIGIL_OIDC_CLIENT_ID,
          clientSecret: settings.VIGIL_OIDC_CLIENT_SECRET,
          scopes: ["openid", "email", "profile"],
          pkce: true,
          requireIdTokenVerification: true,
        },
      ],
    }),
  ];
}

// Vigil's own columns on better-auth's user, none of them settable by the person.
const USER_FIELDS = {
  role: { type: "string", required: false, defaultValue: "viewer", input: false },
  demo: { type: "boolean", required: false, defaultValue: false, input: false },
  disabled: { type: "boolean", required: false, defaultValue: false, input: false },
  mustChangePassword: {
    type: "boolean",
    required: false,
    defaultValue: false,
    input: false,
    fieldName: "mustChangePassword",
  },
} as const;

// Names also arrive from identity providers, which are not ours to refuse: stored bounded. A
// disabled account gets no session, however it signs in.
const DATABASE_HOOKS: BetterAuthOptions["databaseHooks"] = {
  user: {
    create: { before: async (user) => ({ data: { ...user, name: storableName(user.name) } }) },
    update: {
      before: async (user) => ({
        data: user.name === undefined ? user : { ...user, name: storableName(user.name) },
      }),
    },
  },
  session: {
    create: {
      before: async (session) => {
        const user = await transaction((tx) =>
          tx.user.findUnique({ where: { id: session.userId }, select: { disabled: true } }),
        );
        if (user?.disabled)
          throw new APIError("FORBIDDEN", {
            code: "ACCOUNT_DISABLED",
            message: "This account is disabled. Ask an admin.",
          });
      },
    },
  },
};

function createAuth() {
  const base = publicUrl();
  const local = new URL(base);
  return betterAuth({
    appName: "Vigil",
    baseURL: base,
    basePath: "/api/auth",
    secret: authSecret(),
    trustedOrigins: ownOrigins(),
    database: prismaAdapter(scopedDb(), { provider: "postgresql", transaction: true }),
    telemetry: { enabled: false },
    // Vigil limits failed sign-ins itself (sign-in-throttle.ts), per account, from the audit trail.
    rateLimit: { enabled: false },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
    },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60, cookieCache: { enabled: false } },
    user: { additionalFields: USER_FIELDS },
    advanced: {
      cookiePrefix: "vigil",
      // Explicit, because better-auth skips its Origin/CSRF check whenever NODE_ENV=test.
      disableOriginCheck: false,
      useSecureCookies: local.protocol === "https:",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    onAPIError: { errorURL: "/sign-in", throw: false },
    hooks: { before: guardBefore, after: auditAfter },
    databaseHooks: DATABASE_HOOKS,
    plugins: oidcPlugins(),
  });
}

type Auth = ReturnType<typeof createAuth>;
const holder = globalThis as typeof globalThis & { __vigilAuth?: Auth };

/** The better-auth instance, built on first use so that settings are read at run time. */
export function auth(): Auth {
  holder.__vigilAuth ??= createAuth();
  return holder.__vigilAuth;
}

/** Single sign-on is configured (lib/env.ts makes sure the three settings come together). */
export function oidcEnabled(): boolean {
  return env().VIGIL_OIDC_ISSUER !== undefined;
}
