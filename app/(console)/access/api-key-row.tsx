"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ApiKeySummary } from "@/lib/access/schemas";
import { ConfirmDialog } from "./confirm-dialog";
import { errorText, send, when } from "./send";
import { Cell } from "../_components/cell";
import { Clip } from "../_components/clip";

/** An API key: Revoke asks first, with a reason, and only Confirm revokes it. */
export function ApiKeyRow({ apiKey }: { apiKey: ApiKeySummary }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  async function revoke(reason: string) {
    setAsking(false);
    const { ok, data } = await send("DELETE", `/api/v1/api-keys/${apiKey.id}?reason=${encodeURIComponent(reason)}`);
    if (!ok) setError(errorText(data));
    router.refresh();
  }
  return (
    <tr className={apiKey.revokedAt ? "row-muted" : undefined}>
      <Cell label="Name">
        <Clip text={apiKey.name} />
        {error && <div className="form-error">{error}</div>}
        {asking && (
          <ConfirmDialog
            question={{
              text: `Revoke ${apiKey.name}? Collectors using it stop at once.`,
              confirm: "Revoke",
              danger: true,
            }}
            onConfirm={revoke}
            onCancel={() => setAsking(false)}
          />
        )}
      </Cell>
      <Cell label="Key starts" className="mono nowrap">
        vgl_{apiKey.prefix}_…
      </Cell>
      <Cell label="Scopes" className="mono">
        {apiKey.scopes.join(", ")}
      </Cell>
      <Cell label="Created">
        {when(apiKey.createdAt)}{" "}
        <span className="muted clip" title={apiKey.createdBy}>
          by {apiKey.createdBy}
        </span>
      </Cell>
      <Cell label="Last used" className="mono nowrap">
        {when(apiKey.lastUsedAt)}
      </Cell>
      <Cell label="">
        {apiKey.revokedAt ? (
          <span className="muted">revoked {when(apiKey.revokedAt)}</span>
        ) : (
          <button type="button" className="button button-quiet" onClick={() => setAsking(true)}>
            Revoke
          </button>
        )}
      </Cell>
    </tr>
  );
}
