import os from "node:os";
import { parseArgs } from "node:util";
import { createApiKey, revokeApiKey } from "@/lib/access/api-keys";
import { createUser, resetPassword } from "@/lib/access/users";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { API_KEY_SCOPES, type Ctx, ROLES, systemCtx } from "@/lib/context";
import { rebuildDeliveryDerived } from "@/lib/delivery/rebuild-derived";
import { applySloDir } from "@/lib/slo/apply-slo-dir";
import { ConfigError, VigilError } from "@/lib/errors";

export const USAGE = `Usage: npm run vigil -- <command>

  user create --email E --role R [--name N]   add a person; prints a one-time password
  user reset-password --email E               new one-time password; ends their sessions
  apikey create --name N --scope S [--scope S] print a new key once, on the last line
  apikey revoke --name N [--reason R]         the key stops working at once
  audit verify                                check the audit trail's hash chain
  delivery rebuild                            recompute first deployments and incident-link rows
                                              from the stored deployments (a repair; writers wait)
  slos plan [--dir D]                         what the SLO folder (VIGIL_SLO_DIR) would change
  slos apply [--dir D]                        apply the SLO folder now
  mcp                                         the agent's read-only tools as an MCP server on stdio

Roles: ${ROLES.join(", ")}. Scopes: ${API_KEY_SCOPES.join(", ")}.
Works on DATABASE_URL, or on the embedded database of \`npm start\` (running or not).`;

/** What a command prints; `exitCode` 1 for a verification that found a break. */
export interface CommandResult {
  lines: string[];
  exitCode: 0 | 1;
}

function options(args: string[], spec: Record<string, { multiple?: boolean }>) {
  const parsed = parseArgs({
    args,
    options: Object.fromEntries(
      Object.entries(spec).map(([name, { multiple }]) => [
        name,
        { type: "string" as const, multiple: multiple === true },
      ]),
    ),
    strict: true,
    allowPositionals: false,
  });
  return parsed.values as Record<string, string | string[] | undefined>;
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new ConfigError(`--${name} is required`);
  return value;
}

/** The operator at the terminal: an admin-level system actor, named after the OS user. */
function operatorCtx(): Ctx {
  return systemCtx(`cli:${os.userInfo().username}`);
}

type Command = (ctx: Ctx, args: string[]) => Promise<CommandResult>;

const done = (...lines: string[]): CommandResult => ({ lines, exitCode: 0 });

async function createUserCommand(ctx: Ctx, args: string[]): Promise<CommandResult> {
  const values = options(args, { email: {}, role: {}, name: {} });
  const created = await createUser(ctx, {
    email: required(values, "email"),
    role: required(values, "role") as never,
    name: values.name as string | undefined,
  });
  return done(
    `Created ${created.user.email} (${created.user.role}). One-time password, shown only now:`,
    created.oneTimePassword ?? "",
  );
}

async function resetPasswordCommand(ctx: Ctx, args: string[]): Promise<CommandResult> {
  const values = options(args, { email: {} });
  const reset = await resetPassword(ctx, { email: required(values, "email") });
  return done(
    `New one-time password for ${reset.email}; their sessions were ended. Shown only now:`,
    reset.oneTimePassword,
  );
}

async function createApiKeyCommand(ctx: Ctx, args: string[]): Promise<CommandResult> {
  const values = options(args, { name: {}, scope: { multiple: true } });
  const scopes = ((values.scope as string[] | undefined) ?? []).flatMap((scope) => scope.split(",")).filter(Boolean);
  const created = await createApiKey(ctx, { name: required(values, "name"), scopes: scopes as never });
  return done(
    `Created API key ${created.name} with scopes ${created.scopes.join(", ")}. The key, shown only now:`,
    created.key,
  );
}

async function revokeApiKeyCommand(ctx: Ctx, args: string[]): Promise<CommandResult> {
  const values = options(args, { name: {}, reason: {} });
  const revoked = await revokeApiKey(ctx, { name: required(values, "name") }, values.reason as string | undefined);
  return done(`Revoked API key ${revoked.name}.`);
}

async function verifyAuditCommand(ctx: Ctx, args: string[]): Promise<CommandResult> {
  options(args, {});
  const report = await verifyAuditChain(ctx);
  return { lines: [report.message], exitCode: report.intact ? 0 : 1 };
}

async function rebuildDeliveryCommand(ctx: Ctx, args: string[]): Promise<CommandResult> {
  options(args, {});
  const counts = await rebuildDeliveryDerived(ctx);
  return done(
    `Rebuilt: ${counts.commitsChanged} commits and ${counts.pullRequestsChanged} pull requests corrected, ` +
      `${counts.commitsRegistered} commits registered, live rows ${counts.liveRowsDeleted} removed and ${counts.liveRowsInserted} added.`,
  );
}

async function sloDirCommand(ctx: Ctx, args: string[], dryRun: boolean): Promise<CommandResult> {
  const { dir } = options(args, { dir: {} }) as { dir?: string };
  const run = await applySloDir(ctx, { dryRun, dir, force: true });
  if (!run.dir) throw new ConfigError("no SLO folder: set VIGIL_SLO_DIR or pass --dir");
  const verb = dryRun ? "would" : "did";
  const lines = [
    `${run.dir}: ${verb} create ${run.plan.create.length}, update ${run.plan.update.length}, remove ${run.plan.remove.length}; ${run.plan.unchanged} unchanged`,
    ...run.plan.create.map((name) => `  + ${name}`),
    ...run.plan.update.map((name) => `  ~ ${name}`),
    ...run.plan.remove.map((name) => `  - ${name}`),
    ...run.plan.findings.map((f) => `  ${f.severity}: ${f.file}:${f.line}:${f.column} ${f.field} ${f.message}`),
  ];
  return { lines, exitCode: run.plan.findings.some((f) => f.severity === "error") ? 1 : 0 };
}

const COMMANDS: Record<string, Command> = {
  "user create": createUserCommand,
  "user reset-password": resetPasswordCommand,
  "apikey create": createApiKeyCommand,
  "apikey revoke": revokeApiKeyCommand,
  "audit verify": verifyAuditCommand,
  "delivery rebuild": rebuildDeliveryCommand,
  "slos plan": (ctx, args) => sloDirCommand(ctx, args, true),
  "slos apply": (ctx, args) => sloDirCommand(ctx, args, false),
};

/** Parses argv (after `--`) and runs one command. Errors are VigilError/ConfigError with one line. */
export async function runOperatorCommand(argv: string[], ctx: Ctx = operatorCtx()): Promise<CommandResult> {
  const [noun, verb, ...rest] = argv;
  const command = `${noun ?? ""} ${verb ?? ""}`.trim();
  try {
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run)
      throw new ConfigError(
        command
          ? `unknown command "${command}"; see npm run vigil -- help`
          : "no command given; see npm run vigil -- help",
      );
    return await run(ctx, rest);
  } catch (err) {
    if (err instanceof VigilError || err instanceof ConfigError) throw err;
    const code = (err as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"))
      throw new ConfigError((err as Error).message.split("\n")[0]);
    throw err;
  }
}
