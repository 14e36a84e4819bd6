"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatUsd } from "@/lib/decimal";

const FORMATS = [
  { key: "focus", label: "FOCUS (1.0-1.3)" },
  { key: "cur2", label: "AWS CUR 2.0 (CSV or Parquet)" },
  { key: "cur-legacy", label: "AWS CUR (legacy lineItem/...)" },
  { key: "azure", label: "Azure cost export" },
  { key: "gcp", label: "Google Cloud billing export" },
];

type Outcome = { ok: true; text: string } | { ok: false; text: string } | null;

/** What the import said, in a sentence: totals per currency, since a file mixing currencies has no single total. */
function outcomeOf(status: number, responseText: string): Exclude<Outcome, null> {
  const body = JSON.parse(responseText || "{}");
  if (status !== 201) return { ok: false, text: body.error?.message ?? `The import failed (${status})` };
  const totals = (body.totals as { currency: string; billedCost: string; effectiveCost: string }[]).map(
    (t) =>
      `billed ${formatUsd(t.billedCost, { currency: t.currency })}, effective ${formatUsd(t.effectiveCost, { currency: t.currency })}`,
  );
  return { ok: true, text: `Imported ${body.rows.toLocaleString("en-US")} lines: ${totals.join("; ")}.` };
}

/** Sends the file as the request body, reporting upload progress; the import itself is one request. */
function upload(
  file: File,
  query: URLSearchParams,
  on: {
    progress: (percent: number | null) => void;
    done: (outcome: Exclude<Outcome, null>, answered: boolean) => void;
  },
) {
  const request = new XMLHttpRequest();
  request.open("POST", `/api/v1/billing/imports?${query}`);
  request.upload.onprogress = (e) => e.lengthComputable && on.progress(Math.round((e.loaded / e.total) * 100));
  request.onload = () => {
    on.progress(null);
    on.done(outcomeOf(request.status, request.responseText), true);
  };
  request.onerror = () => {
    on.progress(null);
    on.done({ ok: false, text: "The upload was interrupted" }, false);
  };
  request.send(file);
}

function FormatPicker(props: {
  format: string;
  setFormat: (v: string) => void;
  dataset: string;
  setDataset: (v: string) => void;
}) {
  return (
    <>
      <label className="check">
        Format{" "}
        <select value={props.format} onChange={(e) => props.setFormat(e.target.value)} name="format">
          {FORMATS.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      {props.format === "azure" && (
        <label className="check">
          Dataset{" "}
          <select value={props.dataset} onChange={(e) => props.setDataset(e.target.value)} name="dataset">
            <option value="actual">Actual cost</option>
            <option value="amortized">Amortized cost</option>
          </select>
        </label>
      )}
    </>
  );
}

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
    const query = new URLSearchParams({ format, name: file.name, ...(format === "azure" ? { dataset } : {}) });
    upload(file, query, {
      progress: setProgress,
      // An answered import, good or bad, is a new row in the imports table below.
      done: (result, answered) => {
        setOutcome(result);
        if (answered) router.refresh();
      },
    });
  }

  return (
    <form className="inline-form upload-form" onSubmit={submit} aria-label="Import a billing file">
      <FormatPicker format={format} setFormat={setFormat} dataset={dataset} setDataset={setDataset} />
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
