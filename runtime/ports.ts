import net from "node:net";

/** Resolves true when nothing listens on the port at `host` (by default: on any local address). */
export function isPortFree(port: number, host = "0.0.0.0"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function firstFreePort(start: number, attempts = 50): Promise<number | undefined> {
  for (let port = start; port < start + attempts; port++) {
    if ((await isPortFree(port, "127.0.0.1")) && (await isPortFree(port))) return port;
  }
  return undefined;
}

/** Where to reach a server listening on `host` from this machine: loopback for a wildcard address. */
export function probeHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "::1";
  return host;
}

/** The host as a URL names it: an IPv6 address in brackets. */
export function urlHost(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}

export function listenAddress(host: string, port: number): string {
  return `${urlHost(host)}:${port}`;
}

/** Whether only this machine can reach a server listening on `host`. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
