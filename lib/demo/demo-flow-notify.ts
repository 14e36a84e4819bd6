import { lognormal } from "./demo-random";
import { type At, httpCall, internal, sql } from "./demo-span-kinds";
import { type DemoTrace, KIND } from "./demo-trace-builder";

// notifications consumes the platform's Kafka events and sends each through a provider: Firebase
// for push, SendGrid for email, Twilio for SMS (outside services, named by peer.service).

const CHANNELS = [
  {
    channel: "push",
    method: "POST",
    path: "/v1/projects/{project}/messages:send",
    host: "fcm.googleapis.com",
    peer: "firebase-cloud-messaging",
    status: 200,
  },
  { channel: "email", method: "POST", path: "/v3/mail/send", host: "api.sendgrid.com", peer: "sendgrid", status: 202 },
  {
    channel: "sms",
    method: "POST",
    path: "/2010-04-01/Accounts/{AccountSid}/Messages.json",
    host: "api.twilio.com",
    peer: "twilio",
    status: 201,
  },
] as const;

/** notifications consuming an event: preferences, a template, the provider (retried once when it fails). */
export function notify(
  trace: DemoTrace,
  producer: string,
  start: number,
  topic: string,
  channel: "push" | "email" | "sms",
) {
  const r = trace.random;
  const id = trace.id();
  const step = (s: number): At => ({ trace, service: "notifications", parent: id, start: s });
  const provider = CHANNELS.find((item) => item.channel === channel) ?? CHANNELS[0];
  let c = sql(step(start + 0.3), "SELECT", "notification_preferences", lognormal(r, 1, 0.3));
  c = internal(step(c + 0.1), "render template", lognormal(r, 2, 0.3), {
    "notification.template": `${topic}.${channel}`,
  }).end;
  if (r() < 0.006) c = httpCall(step(c + 0.2), { ...provider, status: 503 }, lognormal(r, 60, 0.4)).end + 200;
  const end = httpCall(step(c + 0.2), provider, lognormal(r, channel === "push" ? 45 : 90, 0.4)).end + 0.3;
  trace.add({
    id,
    service: "notifications",
    name: `process ${topic}`,
    kind: KIND.consumer,
    parent: producer,
    start,
    end,
    scope: "messaging",
    attributes: {
      "messaging.system": "kafka",
      "messaging.operation.type": "process",
      "messaging.destination.name": topic,
      "messaging.consumer.group.name": "notifications",
      "notification.channel": channel,
    },
  });
}
