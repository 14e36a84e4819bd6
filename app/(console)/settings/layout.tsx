import type { ReactNode } from "react";
import { pageCtx } from "@/lib/auth/page-ctx";

// Checked here, above this page's loading skeleton, so a 403 is still a 403: below it the answer has already begun as a 200.
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await pageCtx("settings:read");
  return children;
}
