"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { ChannelView } from "@/lib/notifications/schemas";
import { ConfirmDelete } from "../_components/confirm-delete";
import dialogStyles from "../_components/dialog.module.css";
import { ChannelForm } from "./channel-form";
import styles from "./notifications.module.css";
import { RevealForm } from "./reveal-form";
import { SendTestButton } from "./send-test-button";

/** "Add channel" opens the form above the list; saving or Cancel closes it. */
export function AddChannel() {
  return <RevealForm label="Add channel">{(close) => <ChannelForm onSaved={close} onCancel={close} />}</RevealForm>;
}

/** A channel's Send test, Edit (the form in a dialog) and Delete (after a confirm step). */
export function ChannelActions({ channel }: { channel: ChannelView }) {
  const router = useRouter();
  return (
    <div className={styles.actions}>
      <SendTestButton channelId={channel.id} channelName={channel.name} />
      <div className={styles.buttons}>
        <EditChannel channel={channel} />
        <ConfirmDelete
          url={`/api/v1/notifications/channels/${channel.id}`}
          title={`Delete the channel ${channel.name}?`}
          note="Its delivery log goes with it; the audit trail keeps that it existed. This can not be undone."
          confirmText="Delete channel"
          buttonLabel={`Delete ${channel.name}`}
          onDeleted={() => router.refresh()}
        />
      </div>
    </div>
  );
}

function EditChannel({ channel }: { channel: ChannelView }) {
  const dialog = useRef<HTMLDialogElement>(null);
  // The form mounts when the dialog opens, so it starts from the channel as it is now.
  const [open, setOpen] = useState(false);
  const close = () => dialog.current?.close();
  return (
    <>
      <button
        type="button"
        className="button button-quiet"
        aria-label={`Edit ${channel.name}`}
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        Edit
      </button>
      <dialog
        ref={dialog}
        className={`${dialogStyles.dialog} ${styles.editDialog}`}
        aria-label={`Edit ${channel.name}`}
        onClose={() => setOpen(false)}
      >
        <h3>Edit {channel.name}</h3>
        {open && <ChannelForm edit={channel} onSaved={close} onCancel={close} />}
      </dialog>
    </>
  );
}
