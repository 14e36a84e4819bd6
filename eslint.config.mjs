// Lint: Next's rules, the layout's dependency rule and the size limits STYLE.md asks for.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier";

const adapters = ["./app", "./collectors", "./agents", "./runtime", "./scripts"];
const database = ["@prisma/client", "@prisma/adapter-pg", "pg", "pg-copy-streams", "pg-boss"];
const tests = ["**/*.test.ts", "**/*.test.tsx", "e2e/**", "test/**"];

const config = [
  {
    ignores: [
      ".next/**",
      ".vigil/**",
      ".vigil-test/**",
      "node_modules/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "collectors/otlp/assembly/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  prettier,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      // lib/ is the product; everything else adapts it. lib never reaches back into an adapter.
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./lib",
              from: adapters,
              message:
                "lib/ imports none of app/, collectors/, agents/, runtime/, scripts/ (STYLE.md, dependency rule).",
            },
          ],
        },
      ],
      "max-lines": ["error", { max: 300, skipBlankLines: false, skipComments: false }],
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Only lib/ touches the database (runtime/ creates it and migrates it; the database is its job).
    files: ["app/**", "collectors/**", "agents/**"],
    ignores: tests,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: database.map((name) => ({ name, message: "Only lib/ touches the database: call a lib verb." })),
          patterns: [{ group: ["@/lib/db", "**/lib/db"], message: "Only lib/ touches the database: call a lib verb." }],
        },
      ],
    },
  },
  {
    // No React outside app/: a function named use* there is not a hook.
    files: ["lib/**", "collectors/**", "runtime/**", "scripts/**", "test/**", "agents/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: tests,
    rules: { "max-lines": "off", "max-lines-per-function": "off" },
  },
];

export default config;
