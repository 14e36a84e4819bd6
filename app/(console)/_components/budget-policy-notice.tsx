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
  const oneService = services?.length === 1;
  const percent = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  return (
    <p className="notice" role="status" data-testid="budget-exhausted">
      <strong>Error budget spent</strong>:{" "}
      {shown.map((slo, k) => (
        <span key={slo.id}>
          {k > 0 && ", "}
          {!oneService && (
            <>
              <Link href={`/services/${encodeURIComponent(slo.service)}`}>{slo.service}</Link>&rsquo;s{" "}
            </>
          )}
          <Link href={`/slos/${slo.id}`}>{slo.name}</Link> ({percent.format(slo.errorBudgetRemaining * 100)}% of its
          budget left)
        </span>
      ))}
      {spent.length > shown.length && ` and ${spent.length - shown.length} more`}. By the error budget policy, ship
      fixes before features: deployment webhooks answer <code>budgetExhausted: true</code> for{" "}
      {oneService ? "this service" : "these services"}.
    </p>
  );
}
