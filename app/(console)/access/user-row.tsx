"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { UserSummary } from "@/lib/access/schemas";
import { ConfirmDialog, type Question } from "./confirm-dialog";
import { errorText, send, when } from "./send";
import { Cell } from "../_components/cell";
import { Clip } from "../_components/clip";

type Change = { role?: string; disabled?: boolean };

/** The question a change asks before it is sent. */
function questionOf(user: UserSummary, change: Change): Question {
  if (change.role !== undefined)
    return { text: `Change the role of ${user.email} from ${user.role} to ${change.role}?`, confirm: "Change role" };
  return change.disabled
    ? { text: `Disable ${user.email}?`, confirm: "Disable", danger: true }
    : { text: `Enable ${user.email}?`, confirm: "Enable" };
}

/** A person: role and Disable/Enable each ask first; only Confirm sends the change. */
export function UserRow({ user, roles, self }: { user: UserSummary; roles: string[]; self: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<Change | null>(null);
  async function apply(change: Change, reason: string) {
    setAsking(null);
    setError(null);
    const { ok, data } = await send("PATCH", `/api/v1/users/${user.id}`, { ...change, reason: reason || undefined });
    if (!ok) setError(errorText(data));
    router.refresh();
  }
  return (
    <tr>
      <Cell label="Email">
        <Clip text={user.email} />
        {user.demo && <span className="muted"> (demo)</span>}
        {self && <span className="muted"> (you)</span>}
        {error && <div className="form-error">{error}</div>}
        {asking && (
          <ConfirmDialog
            question={questionOf(user, asking)}
            onConfirm={(reason) => apply(asking, reason)}
            onCancel={() => setAsking(null)}
          />
        )}
      </Cell>
      <Cell label="Role">
        <select
          aria-label={`Role of ${user.email}`}
          value={asking?.role ?? user.role}
          disabled={self}
          onChange={(event) => setAsking({ role: event.target.value })}
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </Cell>
      <Cell label="Last sign-in" className="mono nowrap">
        {when(user.lastSignInAt)}
      </Cell>
      <Cell label="State">{user.disabled ? <span className="verify-broken">disabled</span> : "active"}</Cell>
      <Cell label="">
        {!self && (
          <button type="button" className="button button-quiet" onClick={() => setAsking({ disabled: !user.disabled })}>
            {user.disabled ? "Enable" : "Disable"}
          </button>
        )}
      </Cell>
    </tr>
  );
}
