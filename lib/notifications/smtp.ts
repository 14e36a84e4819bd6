import { env } from "../env";
import { VigilError } from "../errors";

/** The SMTP server e-mail channels send through, or null when VIGIL_SMTP_URL and VIGIL_SMTP_FROM are not both set. */
export function smtpSettings(): { url: string; from: string } | null {
  const { VIGIL_SMTP_URL: url, VIGIL_SMTP_FROM: from } = env();
  return url && from ? { url, from } : null;
}

export function assertSmtpConfigured(): void {
  if (!smtpSettings())
    throw new VigilError(
      "bad_request",
      "kind: e-mail channels need an SMTP server: set VIGIL_SMTP_URL and VIGIL_SMTP_FROM and restart",
      { field: "kind" },
    );
}
