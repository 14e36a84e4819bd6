import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageCtx } from "@/lib/auth/page-ctx";
import { AREAS } from "../_components/areas";
import { NotBuiltYet } from "../_components/not-built";

// Areas not built yet share this page; a built area gets its own folder, which Next prefers.
const pending = AREAS.filter((area) => !area.ready);

type AreaPageProps = { params: Promise<{ area: string }> };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: AreaPageProps): Promise<Metadata> {
  const { area } = await params;
  return { title: pending.find((candidate) => candidate.href === `/${area}`)?.label };
}

export default async function PendingAreaPage({ params }: AreaPageProps) {
  const { area } = await params;
  if (!pending.some((candidate) => candidate.href === `/${area}`)) notFound();
  await pageCtx("read");
  return <NotBuiltYet href={`/${area}`} />;
}
