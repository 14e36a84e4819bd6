import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { type Ctx, isRole, userCtx } from "../context";
import { db, scopedDb, transaction } from "../db";
import { env, publicUrl } from "../env";
import { currentRequest } from "./request-scope";
import { authSecret } from "./secret";
import { signInThrottle } from "./sign-in-throttle";

export const OIDC_PROVIDER_ID = "oidc";

const SignInBody = z.object({
  email: z.string().max(254, "email: must be at most 254 characters").email("email: must be an email address"),
  password: z.string().min(1, "password: must not be empty").max(256, "password: must be at most 256 characters"),
});

function anonymousCtx(label: string): Ctx {
  const request = currentRequest();
  return { actor: { kind: "user", id: "anonymous", label, role: null, scopes: [] }, ...request };
}

function sessionUserCtx(user: { id: string; email: string; role?: unknown }): Ctx {
  return userCtx({ id: user.id, email: user.email, role: isRole(user.role) ? user.role : "viewer" }, currentRequest());
}

function errorCode(returned: unknown): string {
  if (returned instanceof APIError) return String(returned.body?.code ?? returned.status);
  return "unknown";
}

/** Audit entries for what better-auth's endpoints did; they run inside the request's transaction. */
const auditAfter = createAuthMiddleware(async (ctx) => {
  const returned = ctx.context.returned;
  const newSession = ctx.context.newSession;
  const isOidcCallback = ctx.path.startsWith("/callback");
  if (ctx.path === "/sign-in/email" || isOidcCallback) {
    const method = isOidcCallback ? "oidc" : "password";
    if (newSession) {
      const { user } = newSession;
      await transaction((tx) => recordAudit(tx, sessionUserCtx(user), { action: "auth.sign_in", target: { type: "user", id: user.email }, summary: { method } }));
    } else {
      const attempted = typeof ctx.body?.email === "string" ? ctx.body.email.trim().toLowerCase().slice(0, 254) : "(unknown)";
      const reason = isOidcCallback ? String(ctx.query?.error ?? errorCode(returned)) : errorCode(returned);
      await transaction((tx) =>
        recordAudit(tx, anonymousCtx(attempted), { action: "auth.sign_in_failed", target: { type: "user", id: attempted }, summary: { method, reason: reason.slice(0, 100) } }),
      );
    }
  }
  if (ctx.path === "/change-password" && !(returned instanceof APIError)) {
    const session = ctx.context.session ?? (await getSessionFromCtx(ctx));
    if (session) {
      await transaction(async (tx) => {
        await tx.user.update({ where: { id: session.user.id }, data: { mustChangePassword: false } });
        await recordAudit(tx, sessionUserCtx(session.user), { action: "user.password_change", target: { type: "user", id: session.user.email } });
      });
    }
  }
});

const guardBefore = createAuthMiddleware(async (ctx) => {
  if (ctx.path === "/sign-in/email") {
    const body = SignInBody.safeParse(ctx.body ?? {});
    if (!body.success) throw new APIError("BAD_REQUEST", { code: "INVALID_INPUT", message: body.error.issues[0].message });
    const email = body.data.email.trim().toLowerCase();
    const throttle = await signInThrottle(email, currentRequest().sourceIp);
    if (throttle) {
      await transaction((tx) => recordAudit(tx, anonymousCtx(email), { action: "auth.sign_in_throttled", target: { type: "user", id: email } }));
      throw new APIError("TOO_MANY_REQUESTS", { code: "TOO_MANY_FAILED_SIGN_INS", message: throttle.message }, { "retry-after": String(throttle.retryAfterSeconds) });
    }
  }
  if (ctx.path === "/sign-out") {
    const session = await getSessionFromCtx(ctx);
    if (session) await transaction((tx) => recordAudit(tx, sessionUserCtx(session.user), { action: "auth.sign_out", target: { type: "user", id: session.user.email } }));
  }
});

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

function createAuth() {
  const base = publicUrl();
  const local = new URL(base);
  const trustedOrigins = [base, `http://localhost:${env().PORT}`, `http://127.0.0.1:${env().PORT}`];
  return betterAuth({
    appName: "Vigil",
    baseURL: base,
    basePath: "/api/auth",
    secret: authSecret(),
    trustedOrigins,
    database: prismaAdapter(scopedDb(), { provider: "postgresql", transaction: true }),
    telemetry: { enabled: false },
    // Vigil limits failed sign-ins itself (sign-in-throttle.ts), per account, from the audit trail.
    rateLimit: { enabled: false },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256, revokeSessionsOnPasswordReset: true },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60, cookieCache: { enabled: false } },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
        demo: { type: "boolean", required: false, defaultValue: false, input: false },
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
        mustChangePassword: { type: "boolean", required: false, defaultValue: false, input: false, fieldName: "mustChangePassword" },
      },
    },
    advanced: {
      cookiePrefix: "vigil",
      // Explicit, because better-auth skips its Origin/CSRF check whenever NODE_ENV=test.
      disableOriginCheck: false,
      useSecureCookies: local.protocol === "https:",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    onAPIError: { errorURL: "/sign-in", throw: false },
    hooks: { before: guardBefore, after: auditAfter },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const user = await db().user.findUnique({ where: { id: session.userId }, select: { disabled: true } });
            if (user?.disabled) throw new APIError("FORBIDDEN", { code: "ACCOUNT_DISABLED", message: "This account is disabled. Ask an admin." });
          },
        },
      },
    },
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
