import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { listServices } from "@/lib/services/list-services";
import { PageHeader } from "../_components/not-built";

export const metadata: Metadata = { title: "Services & SLOs" };
export const dynamic = "force-dynamic";

type ServicesPageProps = { searchParams: Promise<{ after?: string }> };

export default async function ServicesPage({ searchParams }: ServicesPageProps) {
  const { after } = await searchParams;
  const { ctx } = await pageCtx("read");
  const page = await listServices(ctx, { limit: 50, cursor: after });
  return (
    <>
      <PageHeader title="Services & SLOs" subtitle="For SREs" />
      <section className="card">
        <div className="card-head">
          <h2>Registered services</h2>
          {after && <Link href="/services">First page</Link>}
        </div>
        <table className="table" data-testid="service-list">
          <thead>
            <tr>
              <th>Service</th>
              <th>Team</th>
              <th>Tier</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((service) => (
              <tr key={service.id}>
                <td className="strong">{service.name}</td>
                <td>{service.team}</td>
                <td>
                  <span className={`pill pill-${service.tier}`}>{service.tier}</span>
                </td>
                <td className="muted">{service.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.nextCursor && (
          <p>
            <Link href={`/services?after=${encodeURIComponent(page.nextCursor)}`}>Next page</Link>
          </p>
        )}
      </section>
      <section className="card empty" data-testid="not-built">
        <h2>Not built yet: request rate, errors, latency and SLOs</h2>
        <p className="muted">These need traces from the OTLP collector, which this version of Vigil does not have yet.</p>
      </section>
    </>
  );
}
