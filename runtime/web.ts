import { createServer } from "node:http";
import next from "next";
import { runWithPeer } from "@/lib/auth/request-scope";
import { env } from "@/lib/env";
import { PROJECT_ROOT } from "@/runtime/paths";

// The web server: `next start`, plus one thing it can not do. A route handler sees only headers,
// and Next.js writes the socket's address into X-Forwarded-For only when the client sent none, so
// each request is handled knowing its real peer (lib/auth/request-scope.ts, socketPeer).
const settings = env();
const app = next({ dev: false, dir: PROJECT_ROOT, hostname: settings.VIGIL_HOST, port: settings.PORT });
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer((request, response) => {
  // Next.js answers a path it can not percent-decode (`/services/%E0%A4%A`) with a bare 500 before
  // any page runs: such a path names nothing, so it is a 400 here.
  if (!decodablePath(request.url ?? "/")) {
    response.writeHead(400, { "content-type": "application/json", "x-content-type-options": "nosniff" });
    response.end(
      JSON.stringify({
        error: { code: "bad_request", message: "path: is not valid percent-encoded UTF-8", field: "path" },
      }),
    );
    return;
  }
  return runWithPeer(request.socket.remoteAddress ?? null, () => handle(request, response));
});
server.listen(settings.PORT, settings.VIGIL_HOST);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => process.exit(0)));

function decodablePath(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0]);
    return true;
  } catch {
    return false;
  }
}
