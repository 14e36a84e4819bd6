/** The closed set of failures Vigil reports; each maps to one HTTP status in one place. */
export const errorStatus = {
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

export type ErrorCode = keyof typeof errorStatus;

export type ErrorDetails = Record<string, string | number | boolean | null>;

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

export interface ErrorBody {
  error: { code: ErrorCode; message: string } & ErrorDetails;
}

/** Unknown errors never leak their message: they become a generic `internal` error. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof VigilError) {
    return { status: err.status, body: { error: { ...err.details, code: err.code, message: err.message } } };
  }
  return { status: 500, body: { error: { code: "internal", message: "Internal error" } } };
}
