import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AREAS } from "../_components/areas";

// Decided here, above the skeleton, so an unknown area is a real 404: below it the answer has already begun as a 200.
export default async function PendingAreaLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ area: string }>;
}) {
  const { area } = await params;
  if (!AREAS.some((candidate) => !candidate.ready && candidate.href === `/${area}`)) notFound();
  return children;
}
