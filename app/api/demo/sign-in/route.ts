import { handleAuthRequest } from "@/lib/auth/handler";
import { isRole } from "@/lib/context";
import { readDemoCredentials } from "@/lib/demo/demo-users";
import { publicUrl } from "@/lib/env";

export const dynamic = "force-dynamic";

/**
 * The sign-in page's demo buttons: signs in as the demo user of a role through the ordinary
 * password sign-in (same checks, same audit entry), with the password kept in the data directory.
 */
export async function POST(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const role = form?.get("role");
  if (!isRole(role)) return Response.json({ error: { code: "bad_request", message: "role: must be viewer, sre, finops or admin" } }, { status: 400 });
  const credentials = readDemoCredentials()[role];
  if (!credentials) return Response.json({ error: { code: "not_found", message: "The demo is not loaded on this Vigil" } }, { status: 404 });
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  const signIn = new Request(`${publicUrl()}/api/auth/sign-in/email`, {
    method: "POST",
    headers,
    body: JSON.stringify({ email: credentials.email, password: credentials.password }),
  });
  const result = await handleAuthRequest(signIn);
  if (!result.ok) return result;
  const redirect = new Headers({ location: "/" });
  for (const cookie of result.headers.getSetCookie()) redirect.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers: redirect });
}
