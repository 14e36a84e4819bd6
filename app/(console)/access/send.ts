/** Sends a JSON request to the API and reads the answer, whatever its status. */
export async function send(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ ok: boolean; data: Record<string, unknown> }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: response.ok, data };
}

export function errorText(data: Record<string, unknown>): string {
  const error = data.error as { message?: string } | undefined;
  return error?.message ?? "The request failed";
}

export const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "never");
