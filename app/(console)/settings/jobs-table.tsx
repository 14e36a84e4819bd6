import type { JobStatus } from "@/lib/jobs/job-status";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import styles from "./settings.module.css";
import states from "./states.module.css";

const STATUS_LABEL: Record<JobStatus["status"], string> = {
  ok: "ok",
  failing: "failing",
  late: "late",
  pending: "not run yet",
};
const TONE: Record<JobStatus["status"], string> = {
  ok: states.ok,
  failing: states.failing,
  late: states.warn,
  pending: states.idle,
};

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": how long ago or how far behind. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function When({ at, now }: { at: string | null; now: number }) {
  if (!at) return <span className="muted">never</span>;
  return (
    <time dateTime={at} title={at}>
      {duration(Math.max(0, Math.round((now - Date.parse(at)) / 1000)))} ago
    </time>
  );
}

function LastError({ job, now }: { job: JobStatus; now: number }) {
  if (!job.lastError) return <span className="muted">none</span>;
  return (
    <>
      <When at={job.lastErrorAt} now={now} />
      {job.consecutiveFailures > 1 ? <span className="muted"> · {job.consecutiveFailures} runs in a row</span> : null}
      <span className={states.error} title={job.lastError}>
        {job.lastError}
      </span>
    </>
  );
}

/** Each worker job's schedule, last success, last error, lag and status; one card per job on a phone. */
export function JobsTable({ jobs, now }: { jobs: JobStatus[]; now: number }) {
  return (
    <div className={styles.wrap}>
      <DataTable
        className={styles.jobs}
        testId="jobs-table"
        columns={["Job", "Schedule (UTC)", "Last success", "Last error", "Lag", "Status"]}
        items={jobs}
        row={(job) => <JobRow key={job.name} job={job} now={now} />}
      />
    </div>
  );
}

function JobRow({ job, now }: { job: JobStatus; now: number }) {
  return (
    <tr data-testid={`job-${job.name}`}>
      <Cell label="Job">
        <span className="mono strong">{job.name}</span>
        <span className={styles.description}>{job.description}</span>
      </Cell>
      <Cell label="Schedule" className="mono nowrap">
        {job.cron}
      </Cell>
      <Cell label="Last success">
        <When at={job.lastSuccessAt} now={now} />
      </Cell>
      <Cell label="Last error" className={styles.errorCell}>
        <LastError job={job} now={now} />
      </Cell>
      <Cell
        label="Lag"
        className="nowrap"
        title={job.completeUntil ? `data complete until ${job.completeUntil}` : undefined}
      >
        {job.lagSeconds === null ? <span className="muted">–</span> : duration(job.lagSeconds)}
        {job.completeUntil ? (
          <span className={styles.description}>complete until {job.completeUntil.slice(11, 16)} UTC</span>
        ) : null}
      </Cell>
      <Cell label="Status">
        <span className={`badge ${TONE[job.status]}`} data-testid="job-status">
          <span className="dot" aria-hidden />
          {STATUS_LABEL[job.status]}
        </span>
      </Cell>
    </tr>
  );
}
