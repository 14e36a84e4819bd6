import { AreaSkeleton } from "../../_components/skeleton";

export default function Loading() {
  return <AreaSkeleton pathname="/costs/imports" />;
}
