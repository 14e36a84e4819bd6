import { hashPassword, verifyPassword } from "better-auth/crypto";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { recordAudit } from "../audit/record-audit";
import { type Ctx, isRole, userCtx } from "../context";
import { transaction } from "../db";
import { bodyProblem } from "./auth-bodies";
import { currentRequest } from "./request-scope";
import { signInThrottle } from "./sign-in-throttle";

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

/** What the endpoint answered was a success: not a thrown error, not an error response. */
function succeeded(returned: unknown): boolean {
  if (returned instanceof Error) return false;
  if (returned instanceof Response) return returned.ok;
  return returned !== undefined && returned !== null;
}

/** Audit entries for what better-auth's endpoints did; they run inside the request's transaction. */
export const auditAfter = createAuthMiddleware(async (ctx) => {
  const returned = ctx.context.returned;
  const newSession = ctx.context.newSession;
  const isOidcCallback = ctx.path.startsWith("/callback");
  if (ctx.path === "/sign-in/email" || isOidcCallback) {
    const method = isOidcCallback ? "oidc" : "password";
    if (newSession) {
      const { user } = newSession;
      await transaction((tx) =>
        recordAudit(tx, sessionUserCtx(user), {
          action: "auth.sign_in",
          target: { type: "user", id: user.email },
          summary: { method },
        }),
      );
    } else {
      const attempted =
        typeof ctx.body?.email === "string" ? ctx.body.email.trim().toLowerCase().slice(0, 254) : "(unknown)";
      const reason = isOidcCallback ? String(ctx.query?.error ?? errorCode(returned)) : errorCode(returned);
      await recordFailedSignIn(attempted, method, reason);
    }
  }
  // Only a password that really changed lifts the forced change; the flag, the new hash and the
  // entry share the request's transaction.
  if (ctx.path === "/change-password" && succeeded(returned)) {
    const session = ctx.context.session ?? (await getSessionFromCtx(ctx));
    if (session) {
      await transaction(async (tx) => {
        await tx.user.update({ where: { id: session.user.id }, data: { mustChangePassword: false } });
        await recordAudit(tx, sessionUserCtx(session.user), {
          action: "user.password_change",
          target: { type: "user", id: session.user.email },
        });
      });
    }
  }
});

function recordFailedSignIn(email: string, method: "password" | "oidc", reason: string) {
  return transaction((tx) =>
    recordAudit(tx, anonymousCtx(email), {
      action: "auth.sign_in_failed",
      target: { type: "user", id: email },
      summary: { method, reason: reason.slice(0, 100) },
    }),
  );
}

/**
 * A disabled account answers exactly as a wrong password does, after the same password check, so
 * neither the status nor the time taken tells that it exists. The audit trail says why.
 */
async function refuseDisabledAccount(email: string, password: string): Promise<void> {
  const user = await transaction((tx) =>
    tx.user.findUnique({
      where: { email },
      select: { disabled: true, accounts: { where: { providerId: "credential" }, select: { password: true } } },
    }),
  );
  if (!user?.disabled) return;
  const hash = user.accounts[0]?.password;
  if (hash) await verifyPassword({ hash, password });
  else await hashPassword(password);
  await recordFailedSignIn(email, "password", "ACCOUNT_DISABLED");
  throw new APIError("UNAUTHORIZED", { code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" });
}

async function guardPasswordSignIn(body: { email: string; password: string }): Promise<void> {
  const email = body.email.trim().toLowerCase();
  const throttle = await signInThrottle(email, currentRequest().sourceIp);
  if (throttle) {
    await transaction((tx) =>
      recordAudit(tx, anonymousCtx(email), { action: "auth.sign_in_throttled", target: { type: "user", id: email } }),
    );
    throw new APIError(
      "TOO_MANY_REQUESTS",
      { code: "TOO_MANY_FAILED_SIGN_INS", message: throttle.message },
      { "retry-after": String(throttle.retryAfterSeconds) },
    );
  }
  await refuseDisabledAccount(email, body.password);
}

export const guardBefore = createAuthMiddleware(async (ctx) => {
  const problem = bodyProblem(ctx.path, ctx.body);
  if (problem) throw new APIError("BAD_REQUEST", { code: "INVALID_INPUT", message: problem });
  if (ctx.path === "/sign-in/email") await guardPasswordSignIn(ctx.body as { email: string; password: string });
  if (ctx.path === "/sign-out") {
    const session = await getSessionFromCtx(ctx);
    if (session)
      await transaction((tx) =>
        recordAudit(tx, sessionUserCtx(session.user), {
          action: "auth.sign_out",
          target: { type: "user", id: session.user.email },
        }),
      );
  }
});
