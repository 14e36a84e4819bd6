import path from "node:path";
import { z } from "zod";
import { ConfigError } from "./errors";
import { emptyAsUnset, HOSTNAME, isAddressOrRange, isPostgresUrl } from "./env-checks";
import { checkGithubPullRequests, GITHUB_PULL_REQUEST_SETTINGS } from "./env-github";

// The only module that reads process.env: every setting is validated here, once.

const port = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be between 1 and 65535")
  .max(65535, "must be between 1 and 65535");

const postgresUrl = z.string().refine(isPostgresUrl, {
  message: "must look like postgres://user:password@host:5432/database",
});

/** A comma-separated list of tag keys, as a list. */
const tagKeys = z
  .string()
  .regex(/^[^,]+(,[^,]+)*$/, "must be tag keys separated by commas")
  .transform((value) => value.split(",").map((key) => key.trim()));

/** A whole-number setting from min to max, with its default. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z.preprocess(emptyAsUnset, z.coerce.number().int().min(min).max(max).default(fallback));

/** A tag-key list setting with its default keys. */
const tagSetting = (defaults: string, description: string) =>
  z.preprocess(emptyAsUnset, tagKeys.prefault(defaults)).describe(description);

/** A `key=value,key=value` setting (GitHub repositories or PagerDuty services to Vigil services). */
const mapping = (shape: string) =>
  z
    .preprocess(emptyAsUnset, z.string().optional())
    .refine(
      (value) => value === undefined || value.split(",").every((pair) => /^[^=,]+=[^=,]+$/.test(pair.trim())),
      `must be ${shape} pairs separated by commas`,
    )
    .transform((value): Record<string, string> => {
      const pairs = (value ?? "").split(",").filter((pair) => pair.trim() !== "");
      // No prototype: a name such as "constructor" must not find Object's own members.
      const entries = pairs.map((pair) => pair.split("=").map((part) => part.trim()) as [string, string]);
      return Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(entries));
    });

const EnvSchema = z.object({
  PORT: z.preprocess(emptyAsUnset, port.default(3000)).describe("Port of the web UI and API"),
  VIGIL_DATA_DIR: z
    .preprocess(emptyAsUnset, z.string().default(".vigil"))
    .describe("Where the embedded PostgreSQL keeps its data"),
  DATABASE_URL: z
    .preprocess(emptyAsUnset, postgresUrl.optional())
    .describe("External PostgreSQL; when unset Vigil runs an embedded one"),
  VIGIL_PG_PORT: z
    .preprocess(emptyAsUnset, port.optional())
    .describe("Port of the embedded PostgreSQL; default: first free port from 54329"),
  VIGIL_DATABASE_MODE: z
    .preprocess(emptyAsUnset, z.enum(["embedded", "external"]).optional())
    .describe("Set by the launcher for its child processes"),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .preprocess(emptyAsUnset, z.url({ error: "must be an http(s) URL" }).optional())
    .describe("Where Vigil sends its own traces (OTLP/HTTP); unset: not exported"),
  VIGIL_PUBLIC_URL: z
    .preprocess(emptyAsUnset, z.url({ error: "must be an http(s) URL such as https://vigil.example.com" }).optional())
    .describe("The address people open Vigil at; default http://localhost:$PORT. https makes cookies Secure"),
  VIGIL_AUTH_SECRET: z
    .preprocess(emptyAsUnset, z.string().min(32, "must be at least 32 characters").optional())
    .describe("Signs session cookies; default: generated once into the data directory"),
  VIGIL_ADMIN_EMAIL: z
    .preprocess(emptyAsUnset, z.email({ error: "must be an email address" }).default("admin@vigil.local"))
    .describe("The first admin, created on first start"),
  VIGIL_ADMIN_PASSWORD: z
    .preprocess(emptyAsUnset, z.string().min(12, "must be at least 12 characters").optional())
    .describe("The first admin's password; default: a one-time password printed once"),
  VIGIL_OIDC_ISSUER: z
    .preprocess(emptyAsUnset, z.url({ error: "must be the identity provider's issuer URL" }).optional())
    .describe("OpenID Connect issuer; with client id and secret enables single sign-on"),
  VIGIL_OIDC_CLIENT_ID: z.preprocess(emptyAsUnset, z.string().optional()).describe("OpenID Connect client id"),
  VIGIL_OIDC_CLIENT_SECRET: z.preprocess(emptyAsUnset, z.string().optional()).describe("OpenID Connect client secret"),
  VIGIL_OIDC_LABEL: z
    .preprocess(emptyAsUnset, z.string().max(40).default("single sign-on"))
    .describe("Shown on the sign-in button: Sign in with <label>"),
  VIGIL_OTLP_PORT: z
    .preprocess(emptyAsUnset, port.default(4318))
    .describe("Port of the OTLP/HTTP trace receiver (POST /v1/traces)"),
  VIGIL_OTLP_API_KEY_HEADER: z
    .preprocess(
      emptyAsUnset,
      z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, "must be an HTTP header name")
        .optional(),
    )
    .describe("Also accept the ingest key in this header (besides Authorization: Bearer)"),
  VIGIL_OTLP_MAX_BODY_MB: wholeNumber(1, 256, 64).describe("Largest OTLP request body, after decompression (MiB)"),
  VIGIL_OTLP_WORKERS: z
    .preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(64).optional())
    .describe("Receiver processes sharing the OTLP port; default: half the cores (PostgreSQL needs the rest)"),
  VIGIL_OTLP_MAX_IN_FLIGHT: wholeNumber(1, 1024, 16).describe("OTLP requests a receiver handles at once; more: 503"),
  VIGIL_TRACE_RETENTION_DAYS: wholeNumber(1, 3650, 15).describe("Days of spans kept; older partitions are dropped"),
  VIGIL_SPAN_COMPACT_AFTER_HOURS: wholeNumber(1, 720, 3).describe("Hours before spans move into compressed blocks"),
  VIGIL_METRICS_RETENTION_DAYS: wholeNumber(1, 3650, 35).describe(
    "Days of OTLP metric points kept (the zombie rules read 30); older points are deleted and not accepted",
  ),
  VIGIL_BILLING_DROP_DIR: z
    .preprocess(emptyAsUnset, z.string().optional())
    .describe(
      "Watched folder for billing files, one subfolder per format (focus/, cur2/, cur-legacy/, azure/, gcp/); default <data dir>/billing-drop",
    ),
  VIGIL_COST_FEATURE_TAGS: tagSetting(
    "feature,Feature,user:feature,user:Feature,x_feature",
    "Tag keys naming a cost's feature, first match wins",
  ),
  VIGIL_COST_TEAM_TAGS: tagSetting("team,Team,user:team,user:Team,owner", "Tag keys naming a cost's team"),
  VIGIL_COST_ENV_TAGS: tagSetting(
    "env,Env,environment,Environment,user:env,user:environment",
    "Tag keys naming a cost's environment",
  ),
  VIGIL_COST_SERVICE_TAGS: tagSetting(
    "service,Service,app,user:service,user:app",
    "Tag keys naming the application service a shared cost serves (its telemetry splits the cost)",
  ),
  VIGIL_COST_SPLIT_BY: z
    .preprocess(emptyAsUnset, z.enum(["requests", "duration"]).default("requests"))
    .describe("Shared costs are split among features by their share of a service's requests or of its span time"),
  VIGIL_MIGRATION_DATABASE_URL: z
    .preprocess(emptyAsUnset, postgresUrl.optional())
    .describe(
      "The same database as DATABASE_URL, as the role that owns the tables: migrations run as it; unset: as DATABASE_URL",
    ),
  VIGIL_BILLING_MAX_FILE_MB: wholeNumber(1, 1024 * 1024, 8192).describe(
    "Largest billing file accepted (MiB), as sent and again after gunzip; larger ones get 413",
  ),
  VIGIL_BILLING_MAX_CELL_KB: wholeNumber(1, 64 * 1024, 64).describe(
    "Largest CSV cell in a billing file (KiB); a longer one (often an unclosed quote) is refused with its line and column",
  ),
  VIGIL_BILLING_MAX_RECORD_KB: wholeNumber(1, 256 * 1024, 1024).describe(
    "Largest CSV record or JSON line in a billing file (KiB); room for CUR rows with many tag columns",
  ),
  VIGIL_OTLP_BODY_TIMEOUT_S: wholeNumber(1, 600, 10).describe(
    "seconds an OTLP client may take to send its request body (before it holds an in-flight slot); slower gets 408",
  ),
  VIGIL_GITHUB_WEBHOOK_SECRET: z
    .preprocess(emptyAsUnset, z.string().max(1024, "must be at most 1024 characters").optional())
    .describe(
      "The secret of the GitHub webhook (X-Hub-Signature-256); unset: POST /api/v1/delivery/github answers 503",
    ),
  VIGIL_GITHUB_INCIDENT_LABEL: z
    .preprocess(emptyAsUnset, z.string().max(100, "must be at most 100 characters").default("incident"))
    .describe("The GitHub issue label that makes an issue an incident"),
  VIGIL_GITHUB_SERVICES: mapping("owner/repo=service").describe(
    "GitHub repositories to services, as owner/repo=service,...; a repository not listed is the service of its name",
  ),
  VIGIL_GITLAB_WEBHOOK_TOKEN: z
    .preprocess(emptyAsUnset, z.string().max(1024, "must be at most 1024 characters").optional())
    .describe(
      "The secret token of the GitLab webhook (X-Gitlab-Token); unset: POST /api/v1/delivery/gitlab answers 503",
    ),
  VIGIL_GITLAB_INCIDENT_LABEL: z
    .preprocess(emptyAsUnset, z.string().max(100, "must be at most 100 characters").default("incident"))
    .describe("The GitLab issue label that makes an issue an incident (GitLab's Incident type always does)"),
  VIGIL_GITLAB_SERVICES: mapping("group/project=service").describe(
    "GitLab projects to services, as group/project=service,...; a project not listed is the service of its path",
  ),
  VIGIL_PAGERDUTY_WEBHOOK_SECRET: z
    .preprocess(emptyAsUnset, z.string().max(1024, "must be at most 1024 characters").optional())
    .describe(
      "The signing secret of the PagerDuty v3 webhook subscription (X-PagerDuty-Signature); unset: an ingest:delivery key is needed",
    ),
  VIGIL_PAGERDUTY_SERVICES: mapping("PagerDuty service id or name=service").describe(
    "PagerDuty services to Vigil services, as id-or-name=service,...; a service not listed keeps its PagerDuty name",
  ),
  VIGIL_SMTP_URL: z
    .preprocess(emptyAsUnset, z.url({ error: "must be an smtp:// or smtps:// URL" }).optional())
    .refine((value) => value === undefined || /^smtps?:\/\//.test(value), "must be an smtp:// or smtps:// URL")
    .describe(
      "SMTP server for e-mail notification channels, as smtp(s)://user:password@host:port; unset: no e-mail channels",
    ),
  VIGIL_SMTP_FROM: z
    .preprocess(emptyAsUnset, z.email({ error: "must be an email address" }).optional())
    .describe("Sender address of notification e-mails; needed with VIGIL_SMTP_URL"),
  VIGIL_NOTIFY_ALLOW_PRIVATE: z
    .preprocess(emptyAsUnset, z.string().optional())
    .transform((value) => (value ? value.split(",").map((item) => item.trim().toLowerCase()) : []))
    .refine(
      (items) => items.every((item) => isAddressOrRange(item) || HOSTNAME.test(item)),
      "must be IP addresses, CIDR ranges or host names separated by commas",
    )
    .describe(
      "Private, loopback and other non-public receivers notification channels may send to (IPs, CIDR ranges or host names); unset: public addresses only",
    ),
  VIGIL_SLO_DIR: z
    .preprocess(emptyAsUnset, z.string().optional())
    .describe(
      "Folder of SLO specs (OpenSLO v1, Sloth prometheus/v1 YAML) applied at start and on change; its SLOs are read-only elsewhere; unset: none",
    ),
  VIGIL_POLICY_DIR: z.preprocess(emptyAsUnset, z.string().optional()).describe("Policy rule files (YAML, CEL)"),
  VIGIL_LLM_BASE_URL: z
    .preprocess(emptyAsUnset, z.url({ error: "must be an http(s) URL such as https://api.openai.com/v1" }).optional())
    .describe(
      "OpenAI-compatible endpoint of the agent's model (OpenAI, Azure OpenAI, vLLM, Ollama); unset: rule-based",
    ),
  VIGIL_LLM_MODEL: z
    .preprocess(emptyAsUnset, z.string().max(200, "must be at most 200 characters").optional())
    .describe("The agent's model name at that endpoint; unset: rule-based proposals only"),
  VIGIL_LLM_API_KEY: z
    .preprocess(emptyAsUnset, z.string().max(4096, "must be at most 4096 characters").optional())
    .describe("Bearer key for the model endpoint; local servers (vLLM, Ollama) may need none"),
  ...GITHUB_PULL_REQUEST_SETTINGS,
  VIGIL_DEMO: z
    .preprocess(emptyAsUnset, z.enum(["auto", "always", "never"]).default("auto"))
    .describe("auto: load demo data into an empty embedded database"),
  VIGIL_HOST: z
    .preprocess(
      emptyAsUnset,
      z
        .string()
        .regex(/^[0-9A-Za-z.:_-]+$/, "must be an IP address or host name")
        .default("127.0.0.1"),
    )
    .describe("Address the web server and the OTLP receiver listen on; 0.0.0.0 (or ::) to accept other machines"),
  VIGIL_DEMO_SIGN_IN: z
    .preprocess(emptyAsUnset, z.enum(["true", "false"], { error: "must be true or false" }).default("false"))
    .transform((value) => value === "true")
    .describe(
      "true: the demo's one-click sign-in also works for requests from other machines (default: loopback only)",
    ),
  VIGIL_TRUSTED_PROXIES: z
    .preprocess(emptyAsUnset, z.string().optional())
    .transform((value) => (value ? value.split(",").map((item) => item.trim()) : []))
    .refine((items) => items.every(isAddressOrRange), "must be IP addresses or CIDR ranges separated by commas")
    .describe("Proxies whose X-Forwarded-For is believed (IPs or CIDR ranges); others' is ignored"),
});

export type Env = z.infer<typeof EnvSchema>;

const OIDC_SETTINGS = ["VIGIL_OIDC_ISSUER", "VIGIL_OIDC_CLIENT_ID", "VIGIL_OIDC_CLIENT_SECRET"] as const;

/** Parses settings, turning the first problem into a one-line ConfigError. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`Invalid setting ${issue.path.join(".")}: ${issue.message}`);
  }
  const oidcSet = OIDC_SETTINGS.filter((name) => result.data[name] !== undefined);
  if (oidcSet.length > 0 && oidcSet.length < OIDC_SETTINGS.length) {
    const missing = OIDC_SETTINGS.filter((name) => result.data[name] === undefined);
    throw new ConfigError(`Invalid setting ${missing[0]}: single sign-on needs ${OIDC_SETTINGS.join(", ")} together`);
  }
  return checkGithubPullRequests(result.data);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function dataDir(): string {
  return path.resolve(env().VIGIL_DATA_DIR);
}

export function billingDropDir(): string {
  return path.resolve(env().VIGIL_BILLING_DROP_DIR ?? path.join(dataDir(), "billing-drop"));
}

export function readDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new ConfigError("DATABASE_URL is not set");
  return url;
}

/** Where people open Vigil; cookies, redirects and the CSRF origin check are based on it. */
export function publicUrl(): string {
  const settings = env();
  return (settings.VIGIL_PUBLIC_URL ?? `http://localhost:${settings.PORT}`).replace(/\/$/, "");
}

/** The environment handed to child processes, with the launcher's decisions added. */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** The launcher decides the database at run time (embedded or external) and records it here. */
export function useDatabase(url: string, mode: "embedded" | "external"): void {
  cached = { ...env(), DATABASE_URL: url, VIGIL_DATABASE_MODE: mode };
}

/** The agent's model endpoint, or null without a model: callers then run rule-based templates. */
export function llmConfig(): { baseUrl: string; model: string; apiKey: string | null } | null {
  const settings = env();
  if (!settings.VIGIL_LLM_MODEL) return null;
  const baseUrl = settings.VIGIL_LLM_BASE_URL ?? "https://api.openai.com/v1";
  return { baseUrl, model: settings.VIGIL_LLM_MODEL, apiKey: settings.VIGIL_LLM_API_KEY ?? null };
}
