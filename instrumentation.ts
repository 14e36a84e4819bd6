// Next.js calls this once per server process. NEXT_RUNTIME is a build-time constant Next inlines,
// not a setting, so the Edge bundle drops the Node-only import below.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startTelemetry } = await import("@/lib/telemetry-sdk");
  startTelemetry("web");
}
