/** The closed set of failures Vigil reports; each maps to one HTTP status in one place. */
const errorStatus = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  /** A person signed in with a one-time password: only changing it and signing out are open. */
  password_change_required: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

type ErrorCode = keyof typeof errorStatus;

type ErrorDetails = Record<string, string | number | boolean | null>;

export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = "VigilError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** Raised for bad settings at start-up; the launcher prints its message as one line and exits. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

interface ErrorBody {
  error: { code: ErrorCode; message: string } & ErrorDetails;
}

// Prisma's own codes for a value the column can not take: too long, out of range, malformed.
const PRISMA_DATA_ERRORS = new Set(["P2000", "P2006", "P2007", "P2020", "P2023", "P2033"]);

/**
 * The SQLSTATE of a PostgreSQL data exception (class 22: bad encoding, out of range, malformed
 * value), however it arrives: from pg directly, from Prisma's driver adapter, or wrapped by Prisma.
 * Such an error means a value from the request got past validation, so it is the caller's fault.
 */
export function dataErrorCode(err: unknown): string | null {
  const record = (value: unknown) =>
    typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const top = record(err);
  const cause = record(top.cause);
  const wrapped = record(record(record(top.meta).driverAdapterError).cause);
  for (const code of [top.code, cause.code, cause.originalCode, wrapped.code, wrapped.originalCode]) {
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return code;
  }
  return typeof top.code === "string" && PRISMA_DATA_ERRORS.has(top.code) ? top.code : null;
}

// SQLSTATE classes of errors the data causes (22 data exception, 23 integrity constraint, 54
// program limit such as an index row too large): trying again gives the same error.
const DATA_ERROR_CLASSES = new Set(["22", "23", "54"]);

/** Whether a pg error was caused by the data (retrying is pointless) rather than the database's state. */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && DATA_ERROR_CLASSES.has(code.slice(0, 2));
}

/**
 * Unknown errors never leak their message: they become a generic `internal` error. A data
 * exception from PostgreSQL is a 400, still without its message (it can quote stored values).
 */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof VigilError) {
    return { status: err.status, body: { error: { ...err.details, code: err.code, message: err.message } } };
  }
  if (dataErrorCode(err)) {
    return {
      status: 400,
      body: { error: { code: "bad_request", message: "A parameter is out of range or malformed" } },
    };
  }
  return { status: 500, body: { error: { code: "internal", message: "Internal error" } } };
}
