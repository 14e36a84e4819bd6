import nodemailer from "nodemailer";
import { ATTEMPT_TIMEOUT_MS, type SendResult } from "./backoff";
import { emailMessage } from "./format-email";
import type { Notice } from "./schemas";
import { describeSendError, loggable } from "./send-http";
import { smtpSettings } from "./smtp";

/**
 * Sends one notification e-mail. SMTP 4xx answers are temporary by the protocol's own rule and
 * retried, 5xx are permanent; a connection that fails or stalls is retried.
 */
export async function sendEmail(to: string[], notice: Notice): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const smtp = smtpSettings();
  if (!smtp) return { ok: false, retryable: false, status: null, error: "SMTP is not configured", durationMs: 0 };
  const transport = nodemailer.createTransport({
    url: smtp.url,
    connectionTimeout: ATTEMPT_TIMEOUT_MS,
    greetingTimeout: ATTEMPT_TIMEOUT_MS,
    socketTimeout: ATTEMPT_TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({ from: smtp.from, to, ...emailMessage(notice) });
    const code = Number(/^(\d{3})/.exec(String(info.response ?? ""))?.[1] ?? 250);
    return { ok: true, retryable: false, status: code, error: null, durationMs: elapsed() };
  } catch (err) {
    const code = (err as { responseCode?: unknown }).responseCode;
    const status = typeof code === "number" ? code : null;
    const retryable = status === null || (status >= 400 && status < 500);
    const error = status === null ? describeSendError(err) : loggable(`SMTP ${status}: ${(err as Error).message}`);
    return { ok: false, retryable, status, error, durationMs: elapsed() };
  } finally {
    transport.close();
  }
}
