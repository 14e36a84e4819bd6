import type { SendResult } from "./backoff";
import type { ChannelRow } from "./channel-rows";
import { PAGERDUTY_EVENTS_URL, pagerDutyBody } from "./format-pagerduty";
import { slackBody } from "./format-slack";
import { webhookRequest } from "./format-webhook";
import type { Notice } from "./schemas";
import { sendEmail } from "./send-email";
import { postJson } from "./send-http";

const missing = (what: string): SendResult => ({
  ok: false,
  retryable: false,
  status: null,
  error: `channel has no ${what}`,
  durationMs: 0,
});

/** One attempt to hand the notice to the channel, in the channel's own format. */
export async function sendNotice(
  channel: Pick<ChannelRow, "kind" | "config" | "secrets">,
  notice: Notice,
  delivery: { id: string; now: Date },
): Promise<SendResult> {
  const { config, secrets } = channel;
  switch (channel.kind) {
    case "webhook": {
      if (!config.url || !secrets.secret) return missing("URL or secret");
      const request = webhookRequest(notice, { deliveryId: delivery.id, secret: secrets.secret, now: delivery.now });
      return postJson(config.url, request.body, request.headers);
    }
    case "slack":
      if (!secrets.url) return missing("Slack webhook URL");
      return postJson(secrets.url, JSON.stringify(slackBody(notice)), {});
    case "pagerduty":
      if (!secrets.routingKey) return missing("routing key");
      return postJson(
        config.url ?? PAGERDUTY_EVENTS_URL,
        JSON.stringify(pagerDutyBody(notice, secrets.routingKey)),
        {},
      );
    case "email":
      if (!config.to?.length) return missing("recipients");
      return sendEmail(config.to, notice);
  }
}
