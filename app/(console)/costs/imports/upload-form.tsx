"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

const FORMATS = [
  { key: "focus", label: "FOCUS (1.0-1.3)" },
  { key: "cur2", label: "AWS CUR 2.0 (CSV or Parquet)" },
  { key: "cur-legacy", label: "AWS CUR (legacy lineItem/...)" },
  { key: "azure", label: "Azure cost export" },
  { key: "gcp", label: "Google Cloud billing export" },
];

type Outcome = { ok: true; text: string } | { ok: false; text: string } | null;

/** Sends the file as the request body, showing upload progress; the import itself is one request. */
export function UploadForm() {
  const router = useRouter();
  const [format, setFormat] = useState("focus");
  const [dataset, setDataset] = useState("actual");
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!file) return;
    setOutcome(null);
    setProgress(0);
    const request = new XMLHttpRequest();
    const query = new URLSearchParams({ format, name: file.name, ...(format === "azure" ? { dataset } : {}) });
    request.open("POST", `/api/v1/billing/imports?${query}`);
    request.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
    request.onload = () => {
      setProgress(null);
      const body = JSON.parse(request.responseText || "{}");
      if (request.status === 201) {
        // Totals per currency: a file mixing currencies has no single total.
        const totals = (body.totals as { currency: string; billedCost: string; effectiveCost: string }[]).map(
          (t) => `billed ${t.billedCost} ${t.currency}, effective ${t.effectiveCost} ${t.currency}`,
        );
        setOutcome({ ok: true, text: `Imported ${body.rows.toLocaleString("en-US")} lines: ${totals.join("; ")}.` });
        router.refresh();
      } else {
        setOutcome({ ok: false, text: body.error?.message ?? `The import failed (${request.status})` });
        router.refresh();
      }
    };
    request.onerror = () => {
      setProgress(null);
      setOutcome({ ok: false, text: "The upload was interrupted" });
    };
    request.send(file);
  }

  return (
    <form className="inline-form upload-form" onSubmit={submit} aria-label="Import a billing file">
      <label className="check">
        Format{" "}
        <select value={format} onChange={(e) => setFormat(e.target.value)} name="format">
          {FORMATS.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      {format === "azure" && (
        <label className="check">
          Dataset{" "}
          <select value={dataset} onChange={(e) => setDataset(e.target.value)} name="dataset">
            <option value="actual">Actual cost</option>
            <option value="amortized">Amortized cost</option>
          </select>
        </label>
      )}
      <input
        type="file"
        name="file"
        accept=".csv,.gz,.parquet,.json,.jsonl"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
      />
      <button className="button button-primary" type="submit" disabled={!file || progress !== null}>
        {progress === null ? "Import" : progress < 100 ? `Uploading ${progress}%` : "Importing…"}
      </button>
      {outcome && (
        <p
          className={outcome.ok ? "form-ok" : "form-error"}
          role={outcome.ok ? "status" : "alert"}
          data-testid="upload-outcome"
        >
          {outcome.text}
        </p>
      )}
    </form>
  );
}
