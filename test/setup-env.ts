import os from "node:os";
import path from "node:path";
import { inject } from "vitest";

// Each test file's lib/env.ts reads the database the global setup started, as the application
// role (test/private-database.ts has the owner's URL for tests that tamper).
process.env.DATABASE_URL = inject("databaseUrl");
// Sessions are signed with a fixed test key; anything written to the data directory stays in tmp.
process.env.VIGIL_AUTH_SECRET = "test-secret-that-is-long-enough-0123456789";
process.env.VIGIL_DATA_DIR ??= path.join(os.tmpdir(), `vigil-test-data-${process.pid}`);
// The hook servers of the notification tests listen on 127.0.0.1, a receiver allowed deliberately.
process.env.VIGIL_NOTIFY_ALLOW_PRIVATE = "127.0.0.1";
