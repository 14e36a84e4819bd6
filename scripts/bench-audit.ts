import { hashPassword } from "better-auth/crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { systemCtx } from "@/lib/context";
import { transaction } from "@/lib/db";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `node --import tsx scripts/bench-audit.ts [entries]`: how fast the audit trail appends and
// verifies, and what one password hash costs, on a throwaway embedded PostgreSQL.

const total = Number(process.argv[2] ?? 20_000);
const ctx = systemCtx("bench");

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - started) / 1e9];
}

const append = (i: number) =>
  transaction((tx) =>
    recordAudit(tx, ctx, {
      action: "bench.append",
      target: { type: "thing", id: String(i) },
      summary: { after: { i } },
    }),
  );

runWithThrowawayDatabase("bench-audit", async () => {
  const half = Math.floor(total / 2);
  const [, serial] = await timed(async () => {
    for (let i = 0; i < half; i++) await append(i);
  });
  console.log(
    `audit append, one writer:    ${half} entries in ${serial.toFixed(2)} s = ${Math.round(half / serial)} entries/s`,
  );
  const writers = 8;
  const [, parallel] = await timed(() =>
    Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = w; i < total - half; i += writers) await append(half + i);
      }),
    ),
  );
  console.log(
    `audit append, ${writers} writers:    ${total - half} entries in ${parallel.toFixed(2)} s = ${Math.round((total - half) / parallel)} entries/s`,
  );
  const [report, verify] = await timed(() => verifyAuditChain(ctx));
  console.log(
    `audit verify:                ${report.message} in ${verify.toFixed(2)} s = ${Math.round(report.entries / verify)} entries/s`,
  );
  const rounds = 10;
  const [, hashing] = await timed(async () => {
    for (let i = 0; i < rounds; i++) await hashPassword(`password-${i}-long-enough`);
  });
  console.log(`password hash (scrypt N=16384 r=16): ${((hashing / rounds) * 1000).toFixed(0)} ms each`);
});
