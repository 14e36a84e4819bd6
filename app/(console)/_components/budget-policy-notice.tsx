import Link from "next/link";
import type { Ctx } from "@/lib/context";
import { exhaustedBudgets } from "@/lib/slo/budget-policy";

/**
 * The error budget policy where deployments are looked at: the SLOs of these services (null: every
 * service) whose budget is spent, so a team sees it should ship fixes first. Nothing when none is.
 */
export async function BudgetPolicyNotice({ ctx, services }: { ctx: Ctx; services: string[] | null }) {
  const spent = await exhaustedBudgets(ctx, services);
  if (spent.length === 0) return null;
  const shown = spent.slice(0, 8);
  return (
    <p className="notice" role="status" data-testid="budget-exhausted">
      <strong>Error budget spent</strong>:{" "}
      {shown.map((slo, k) => (
        <span key={slo.id}>
          {k > 0 && ", "}
          <Link href={`/slos/${slo.id}`}>{slo.name}</Link> ({Math.round(slo.errorBudgetRemaining * 100)}% left)
        </span>
      ))}
      {spent.length > shown.length && ` and ${spent.length - shown.length} more`}. By the error budget policy, ship
      fixes before features: deployment webhooks answer <code>budgetExhausted: true</code> for{" "}
      {services?.length === 1 ? "this service" : "these services"}.
    </p>
  );
}
