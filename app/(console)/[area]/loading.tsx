import { PageSkeleton } from "../_components/skeleton";

export default function Loading() {
  return <PageSkeleton rows={2} />;
}
