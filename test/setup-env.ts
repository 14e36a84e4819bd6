import { inject } from "vitest";

// Each test file's lib/env.ts reads the database the global setup started.
process.env.DATABASE_URL = inject("databaseUrl");
