import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// The suite drives a real `npm start` (embedded PostgreSQL, demo data, worker, Next.js) on a data
// directory of its own, in the system Chromium that scripts/ensure-chromium.sh found or installed.
const port = Number(process.env.E2E_PORT ?? 3210);
/** The first admin's password, so one test can type it into the sign-in form. */
export const E2E_ADMIN_PASSWORD = "e2e-admin-password-0123";
const dataDir = path.join(os.tmpdir(), `vigil-e2e-${Date.now()}`);

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1400, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
      ],
    },
    trace: "retain-on-failure",
  },
  webServer: [
    {
      // The scripted OpenAI-compatible model (test/fake-llm-e2e.ts); the agent specs switch it on and off.
      command: `node --import tsx test/fake-llm-e2e.ts ${port + 2}`,
      url: `http://127.0.0.1:${port + 2}/health`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    {
      command: "node --import tsx runtime/start.ts",
      url: `http://127.0.0.1:${port}/api/health`,
      env: {
        PORT: String(port),
        VIGIL_OTLP_PORT: String(port + 1),
        VIGIL_DATA_DIR: dataDir,
        DATABASE_URL: "",
        VIGIL_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
        // The notification specs' hook servers listen on 127.0.0.1, allowed as an on-premises receiver.
        VIGIL_NOTIFY_ALLOW_PRIVATE: "127.0.0.1",
        VIGIL_LLM_BASE_URL: `http://127.0.0.1:${port + 2}/v1`,
        VIGIL_LLM_MODEL: "scripted-model",
        VIGIL_LLM_API_KEY: "e2e-scripted-key",
      },
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGINT", timeout: 20_000 },
    },
  ],
});
