import type { ChannelView } from "@/lib/notifications/schemas";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import styles from "./notifications.module.css";
import states from "./states.module.css";
import { SendTestButton } from "./send-test-button";

const KIND_LABEL: Record<ChannelView["kind"], string> = {
  webhook: "Webhook",
  slack: "Slack",
  pagerduty: "PagerDuty",
  email: "E-mail",
};

function Routing({ routing }: { routing: ChannelView["routing"] }) {
  const rules = [
    routing.services.length ? `services: ${routing.services.join(", ")}` : null,
    routing.teams.length ? `teams: ${routing.teams.join(", ")}` : null,
    routing.severities.length ? `severities: ${routing.severities.join(", ")}` : null,
  ].filter((rule): rule is string => rule !== null);
  if (rules.length === 0) return <span className="muted">every notice</span>;
  return (
    <>
      {rules.map((rule) => (
        <span key={rule} className={styles.line} title={rule}>
          {rule}
        </span>
      ))}
    </>
  );
}

function State({ channel }: { channel: ChannelView }) {
  const { health } = channel;
  const label = !channel.enabled ? "disabled" : health.state === "unused" ? "not used yet" : health.state;
  const tone = !channel.enabled || health.state === "unused" ? "" : states[health.state];
  return (
    <>
      <span className={`badge ${tone}`} data-testid="channel-state">
        <span className="dot" aria-hidden />
        {label}
      </span>
      {health.lastError ? (
        <span className={states.error} title={health.lastError}>
          {health.lastError}
        </span>
      ) : null}
    </>
  );
}

/** The channels, each with its routing, its state from its last attempts and a "Send test" button. */
export function NotificationChannels({ channels, canManage }: { channels: ChannelView[]; canManage: boolean }) {
  return (
    <DataTable
      stacked
      testId="channels-table"
      columns={["Channel", "Kind", "Routing", "State", canManage && "Test"]}
      items={channels}
      empty="No channels yet: add one with POST /api/v1/notifications/channels (see docs/notifications.md)."
      row={(channel) => (
        <tr key={channel.id} data-testid={`channel-${channel.name}`}>
          <Cell label="Channel">
            <span className={`${styles.line} ${styles.name} strong`} title={channel.name}>
              {channel.name}
            </span>
            <span className={`${styles.line} ${styles.name} muted mono`} title={channel.target}>
              {channel.target}
            </span>
          </Cell>
          <Cell label="Kind">{KIND_LABEL[channel.kind]}</Cell>
          <Cell label="Routing">
            <Routing routing={channel.routing} />
          </Cell>
          <Cell label="State" className={styles.stateCell}>
            <State channel={channel} />
          </Cell>
          {canManage ? (
            <Cell label="Test">
              <SendTestButton channelId={channel.id} channelName={channel.name} />
            </Cell>
          ) : null}
        </tr>
      )}
    />
  );
}
