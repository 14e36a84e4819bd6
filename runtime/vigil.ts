import { serveMcpStdio } from "@/agents/mcp-stdio";
import { closeDb } from "@/lib/db";
import { runOperatorCommand, USAGE } from "@/runtime/operator-commands";
import { ConfigError, VigilError } from "@/lib/errors";
import { openDatabaseForCommand } from "@/runtime/database";
import { POLICY_USAGE, runPolicyCommand } from "@/runtime/policy-check";

// `npm run vigil -- <command>`: what an operator scripts. Output is plain lines; a failure is one
// line on stderr and exit code 1; a secret (password, key) is always the last line, alone.
async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help") {
    console.log(`${USAGE}\n\n${POLICY_USAGE}`);
    return argv.length === 0 ? 1 : 0;
  }
  // stdout is the MCP protocol's: anything else printed (database start-up) goes to stderr.
  if (argv[0] === "mcp") console.log = console.error;
  // The CI gate runs where no Vigil database is: it evaluates the plan locally.
  if (argv[0] === "policy") {
    const result = await runPolicyCommand(argv.slice(1));
    for (const line of result.problems) console.error(line);
    for (const line of result.lines) console.log(line);
    return result.exitCode;
  }
  const database = await openDatabaseForCommand();
  try {
    if (argv[0] === "mcp") {
      await serveMcpStdio();
      return 0;
    }
    const result = await runOperatorCommand(argv);
    for (const line of result.lines) console.log(line);
    return result.exitCode;
  } finally {
    await closeDb();
    await database.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message =
      err instanceof VigilError || err instanceof ConfigError
        ? err.message
        : err instanceof Error
          ? err.message
          : String(err);
    console.error(`vigil: ${message}`);
    process.exit(1);
  },
);
