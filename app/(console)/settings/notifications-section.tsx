import type { ChannelView, DeliveryView, SilenceView } from "@/lib/notifications/schemas";
import { NotificationChannels } from "./notification-channels";
import { DeliveryLog, SilenceList } from "./notification-log";

/** Where alerts go: the channels, the recent delivery log and the silences. */
export function NotificationsSection({
  channels,
  deliveries,
  silences,
  canManage,
}: {
  channels: ChannelView[];
  deliveries: DeliveryView[];
  silences: SilenceView[];
  canManage: boolean;
}) {
  return (
    <>
      <section className="card" data-testid="notification-channels">
        <h2>Notification channels</h2>
        <p className="empty-note small">
          SLO and budget alerts go to every enabled channel whose routing takes them. A channel whose last 3 attempts
          failed shows as failing; failed sends are retried after 30 s, 2 min, 10 min, 30 min and 2 h.
        </p>
        <NotificationChannels channels={channels} canManage={canManage} />
      </section>
      <section className="card" data-testid="notification-deliveries">
        <h2>Recent deliveries</h2>
        <DeliveryLog deliveries={deliveries} />
      </section>
      <section className="card" data-testid="notification-silences">
        <h2>Silences</h2>
        <SilenceList silences={silences} />
      </section>
    </>
  );
}
