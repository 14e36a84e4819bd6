"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SloDefinition } from "@/lib/slo/schemas";
import { ConfirmDelete } from "../../_components/confirm-delete";
import { SloForm } from "../slo-form";
import styles from "./slo-page.module.css";

/** Edit opens the form under the header; Delete asks first, in a modal dialog (Escape cancels). */
export function SloActions({
  id,
  definition,
  services,
}: {
  id: string;
  definition: SloDefinition;
  services: string[];
}) {
  const [editing, setEditing] = useState(false);
  return (
    <>
      <div className={styles.buttons}>
        <button type="button" className="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Edit
        </button>
        <DeleteSlo id={id} name={definition.name} />
      </div>
      {editing && (
        <div className={styles.editor}>
          <SloForm services={services} edit={{ id, definition }} onCancel={() => setEditing(false)} />
        </div>
      )}
    </>
  );
}

function DeleteSlo({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDelete
      url={`/api/v1/slos/${id}`}
      title={`Delete the SLO ${name}?`}
      note="Its status and alert history go with it. This can not be undone."
      confirmText="Delete SLO"
      onDeleted={() => router.push("/slos")}
    />
  );
}
