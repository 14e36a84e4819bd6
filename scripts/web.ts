import { createServer } from "node:http";
import next from "next";
import { runWithPeer } from "@/lib/auth/request-scope";
import { env } from "@/lib/env";
import { PROJECT_ROOT } from "@/lib/runtime/paths";

// The web server: `next start`, plus one thing it can not do. A route handler sees only headers,
// and Next.js writes the socket's address into X-Forwarded-For only when the client sent none, so
// each request is handled knowing its real peer (lib/auth/request-scope.ts, socketPeer).
const settings = env();
const app = next({ dev: false, dir: PROJECT_ROOT, hostname: settings.VIGIL_HOST, port: settings.PORT });
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer((request, response) => runWithPeer(request.socket.remoteAddress ?? null, () => handle(request, response)));
server.listen(settings.PORT, settings.VIGIL_HOST);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => process.exit(0)));
