"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { AWS_COMMANDS, type AwsCommand } from "@/lib/cloud-inventory/schemas";
import styles from "./aws-upload.module.css";

type Outcome = { file: string; ok: boolean; text: string };
const METRICS: AwsCommand = "cloudwatch-get-metric-statistics";
const PARAMS = ["region", "account", "namespace", "metric", "dimension", "period"] as const;
type Params = Partial<Record<(typeof PARAMS)[number], string>>;

/** What one accepted output added, or why it was refused. */
function outcomeText(ok: boolean, status: number, body: Record<string, unknown> & { error?: { message?: string } }) {
  if (!ok) return body.error?.message ?? `Failed (${status})`;
  if ("datapoints" in body)
    return `${body.datapoints} datapoints of ${body.metric} for ${body.dimension}, period ${body.period} s (${body.periodSource})`;
  return `${body.resources} ${body.kind}: ${body.added} added, ${body.changed} changed, ${body.gone} gone`;
}

/** Sends AWS CLI JSON outputs (one command, one or more files) to the inventory API, one at a time. */
export function AwsUpload() {
  const router = useRouter();
  const [command, setCommand] = useState<AwsCommand>("ec2-describe-instances");
  const [files, setFiles] = useState<File[]>([]);
  const [params, setParams] = useState<Params>({});
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const query = queryOf(command, params);
    const results: Outcome[] = [];
    for (const file of files) {
      const response = await fetch(`/api/v1/inventory/aws/${command}?${query}`, { method: "POST", body: file });
      const body = await response.json().catch(() => ({}));
      results.push({ file: file.name, ok: response.ok, text: outcomeText(response.ok, response.status, body) });
    }
    setOutcomes(results);
    if (results.some((result) => result.ok)) router.refresh();
  }
  const set = (name: keyof Params) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setParams((current) => ({ ...current, [name]: event.target.value }));
  return (
    <form className={styles.form} onSubmit={submit} aria-label="Import AWS CLI output">
      <label className={styles.field}>
        Command
        <select name="command" value={command} onChange={(e) => setCommand(e.target.value as AwsCommand)}>
          {AWS_COMMANDS.map((name) => (
            <option key={name} value={name}>
              aws {name.replace("-", " ")}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.field}>
        JSON output
        <input
          type="file"
          name="output"
          accept=".json"
          multiple
          onChange={(e) => setFiles([...(e.target.files ?? [])])}
        />
      </label>
      <ParamField label="Region (if not printed)" name="region" placeholder="us-east-1" onChange={set("region")} />
      <ParamField
        label="Account (if not printed)"
        name="account"
        placeholder="123456789012"
        onChange={set("account")}
      />
      {command === METRICS && <MetricFields set={set} />}
      <div>
        <button className="button button-primary" type="submit" disabled={files.length === 0}>
          Import output
        </button>
      </div>
      <Outcomes outcomes={outcomes} />
    </form>
  );
}

/** The query parameters the command takes, from the fields filled in. */
function queryOf(command: AwsCommand, params: Params): URLSearchParams {
  const used = (name: keyof Params) => name === "region" || name === "account" || command === METRICS;
  return new URLSearchParams(
    PARAMS.flatMap((name) => (params[name]?.trim() && used(name) ? [[name, params[name].trim()]] : [])),
  );
}

function Outcomes({ outcomes }: { outcomes: Outcome[] }) {
  if (outcomes.length === 0) return null;
  return (
    <ul className={styles.outcomes} data-testid="aws-outcomes">
      {outcomes.map((outcome, index) => (
        <li key={index} className={outcome.ok ? "form-ok" : "form-error"}>
          <span className="mono">{outcome.file}</span>: {outcome.text}
        </li>
      ))}
    </ul>
  );
}

function MetricFields({ set }: { set: (name: keyof Params) => (event: React.ChangeEvent<HTMLInputElement>) => void }) {
  return (
    <>
      <ParamField label="Namespace" name="namespace" placeholder="AWS/EC2" onChange={set("namespace")} />
      <ParamField label="Metric" name="metric" placeholder="CPUUtilization" onChange={set("metric")} />
      <ParamField
        label="Dimension"
        name="dimension"
        placeholder="InstanceId=i-0123456789abcdef0"
        onChange={set("dimension")}
      />
      <ParamField
        label="Period, s (else inferred or 86400)"
        name="period"
        placeholder="86400"
        onChange={set("period")}
      />
    </>
  );
}

function ParamField(props: {
  label: string;
  name: string;
  placeholder: string;
  onChange: (e: React.ChangeEvent<HTMLInputElement>) => void;
}) {
  return (
    <label className={styles.field}>
      {props.label}
      <input name={props.name} placeholder={props.placeholder} onChange={props.onChange} />
    </label>
  );
}
