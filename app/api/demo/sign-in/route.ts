import { DEMO_SIGN_IN_REFUSED, demoRoleOf, demoSignInAllowed } from "@/lib/auth/demo-sign-in";
import { handleAuthRequest } from "@/lib/auth/handler";
import { readDemoCredentials } from "@/lib/demo/demo-users";
import { publicUrl } from "@/lib/env";
import { toErrorBody, VigilError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * The sign-in page's demo buttons: signs in as the demo user of a role through the ordinary
 * password sign-in (same checks, same audit entry), with the password kept in the data directory.
 * It makes anyone an admin, so it answers only requests from this machine unless told otherwise.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    if (!demoSignInAllowed(request.headers))
      throw new VigilError("forbidden", DEMO_SIGN_IN_REFUSED, { setting: "VIGIL_DEMO_SIGN_IN" });
    const role = await demoRoleOf(request);
    const credentials = readDemoCredentials()[role];
    if (!credentials) throw new VigilError("not_found", "The demo is not loaded on this Vigil");
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
  } catch (err) {
    const { status, body } = toErrorBody(err);
    return Response.json(body, { status });
  }
}
