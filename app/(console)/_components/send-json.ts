/** The API's refusal: the field it names (null for the request as a whole) and why, the field's name cut off. */
export class ApiError extends Error {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** Sends JSON (or nothing) to the API and answers its JSON; a refusal throws an ApiError. */
export async function sendJson<T>(url: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (response.ok) return data as T;
  const field = typeof data.error?.field === "string" ? (data.error.field as string) : null;
  const message: string = data.error?.message ?? `The request failed (${response.status})`;
  throw new ApiError(field, field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message);
}
