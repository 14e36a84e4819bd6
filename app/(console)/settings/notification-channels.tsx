import type { ChannelView } from "@/lib/notifications/schemas";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import styles from "./notifications.module.css";
import states from "./states.module.css";
import { ChannelActions } from "./channel-actions";
import { KIND_LABEL } from "./channel-form-body";
import { MatcherLines } from "./matcher-lines";

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

/** The channels, each with its routing, its state from its last attempts and, for admins, Send test, Edit and Delete. */
export function NotificationChannels({ channels, canManage }: { channels: ChannelView[]; canManage: boolean }) {
  return (
    <DataTable
      stacked
      testId="channels-table"
      columns={["Channel", "Kind", "Routing", "State", canManage && "Actions"]}
      items={channels}
      empty={canManage ? "No channels yet: add one above." : "No channels yet."}
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
            <MatcherLines lists={channel.routing} empty="every notice" />
          </Cell>
          <Cell label="State" className={styles.stateCell}>
            <State channel={channel} />
          </Cell>
          {canManage ? (
            <Cell label="Actions">
              <ChannelActions channel={channel} />
            </Cell>
          ) : null}
        </tr>
      )}
    />
  );
}
