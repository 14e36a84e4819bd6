import type { ChannelView, DeliveryView, SilenceView } from "@/lib/notifications/schemas";
import { AddChannel } from "./channel-actions";
import { NotificationChannels } from "./notification-channels";
import { DeliveryLog } from "./notification-log";
import { AddSilence } from "./silence-form";
import { SilenceList } from "./silence-list";

/**
 * Where alerts go: the channels (admins add, edit, test and delete them), the silences (those who
 * manage services add and end them) and the recent delivery log.
 */
export function NotificationsSection({
  channels,
  deliveries,
  silences,
  canManage,
  canSilence,
  defaultSilenceEnd,
}: {
  channels: ChannelView[];
  deliveries: DeliveryView[];
  silences: SilenceView[];
  canManage: boolean;
  canSilence: boolean;
  /** Where the silence form's end time starts: a couple of hours from the page's reading. */
  defaultSilenceEnd: string;
}) {
  return (
    <>
      <section className="card" data-testid="notification-channels">
        <h2>Notification channels</h2>
        <p className="empty-note small">
          SLO and budget alerts go to every enabled channel whose routing takes them. A channel whose last 3 attempts
          failed shows as failing; failed sends are retried after 30 s, 2 min, 10 min, 30 min and 2 h.
        </p>
        {canManage && <AddChannel />}
        <NotificationChannels channels={channels} canManage={canManage} />
      </section>
      <section className="card" data-testid="notification-silences">
        <h2>Silences</h2>
        <p className="empty-note small">
          A silence holds back the notices it matches until it ends; they are logged as silenced. Each is audited.
        </p>
        {canSilence && <AddSilence defaultEnd={defaultSilenceEnd} />}
        <SilenceList silences={silences} canSilence={canSilence} />
      </section>
      <section className="card" data-testid="notification-deliveries">
        <h2>Recent deliveries</h2>
        <DeliveryLog deliveries={deliveries} />
      </section>
    </>
  );
}
