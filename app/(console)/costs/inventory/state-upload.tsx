"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** Sends a terraform.tfstate to the inventory API. */
export function StateUpload() {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!file) return;
    const response = await fetch(`/api/v1/inventory/terraform-state?name=${encodeURIComponent(file.name)}`, {
      method: "POST",
      body: file,
    });
    const body = await response.json().catch(() => ({}));
    setOutcome(
      response.ok
        ? { ok: true, text: `${body.resources} managed resources from lineage ${body.lineage}, serial ${body.serial}.` }
        : { ok: false, text: body.error?.message ?? `Failed (${response.status})` },
    );
    if (response.ok) router.refresh();
  }
  return (
    <form className="inline-form upload-form" onSubmit={submit} aria-label="Import a Terraform state">
      <input type="file" name="state" accept=".tfstate,.json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      <button className="button button-primary" type="submit" disabled={!file}>
        Import state
      </button>
      {outcome && (
        <p className={outcome.ok ? "form-ok" : "form-error"} data-testid="state-outcome">
          {outcome.text}
        </p>
      )}
    </form>
  );
}
