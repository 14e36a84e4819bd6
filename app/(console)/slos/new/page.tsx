import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import { listServices } from "@/lib/services/list-services";
import { Card } from "../../_components/card";
import { PageHeader } from "../../_components/not-built";
import { SloForm } from "../slo-form";

export const metadata: Metadata = { title: "New SLO" };
export const dynamic = "force-dynamic";

/** Only those who may change SLOs get the form; the API refuses the others anyway. */
export default async function NewSloPage() {
  const { ctx } = await pageCtx("services:manage");
  const services = await listServices(ctx, { limit: 200 });
  return (
    <>
      <PageHeader
        title="New SLO"
        subtitle="An objective on a service's entry spans; its budget and burn rates appear within a minute"
        back={{ href: "/slos", label: "← SLOs" }}
      />
      <Card id="new-slo-title" title="SLO" note="alerts follow Sloth's multi-window burn rates, scaled to the window">
        <SloForm services={services.items.map((s) => s.name)} />
      </Card>
    </>
  );
}
