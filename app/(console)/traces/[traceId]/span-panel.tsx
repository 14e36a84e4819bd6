import Link from "next/link";
import type { ReactNode } from "react";
import { formatDuration } from "../format";
import { Attributes } from "./attribute-value";
import { CopyButton } from "./copy-button";
import { KindBadge } from "./kind-badge";
import styles from "./trace.module.css";
import type { TraceSpan } from "@/lib/traces/get-trace";

const STATUS = ["unset", "ok", "error"];
const serviceHref = (service: string) => `/services/${encodeURIComponent(service)}`;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className={styles.section}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** A label and a value that may be long: it wraps, and its full text is on hover. */
function Field({ label, value, copy }: { label: string; value: string; copy?: string }) {
  return (
    <div className={styles.field}>
      <dt>{label}</dt>
      <dd className="mono" title={value}>
        {value}
        {copy && <CopyButton value={value} label={copy} testId={`copy-${label.toLowerCase().replace(/ /g, "-")}`} />}
      </dd>
    </div>
  );
}

/** Everything the trace API holds about one span: ids, exact times, status, attributes, events, links. */
export function SpanPanel({ span, traceId }: { span: TraceSpan; traceId: string }) {
  return (
    <aside className={`card ${styles.panel}`} data-testid="span-details">
      <h2 className={styles.spanName} title={span.name}>
        {span.name}
      </h2>
      <p className="small">
        <Link href={serviceHref(span.service)} className="strong" data-testid="span-service-link">
          {span.service}
        </Link>{" "}
        <KindBadge kind={span.kind} /> {formatDuration(span.durationMs)}
      </p>
      {span.status.code === 2 && (
        <p className="form-error">Error{span.status.message ? `: ${span.status.message}` : ""}</p>
      )}
      <dl className={styles.fields}>
        <Field label="Span id" value={span.spanId} copy="Copy span id" />
        <Field label="Parent span id" value={span.parentSpanId ?? "none (root)"} />
        <Field label="Trace id" value={traceId} />
        <Field
          label="Status"
          value={`${STATUS[span.status.code] ?? span.status.code}${span.status.message ? `: ${span.status.message}` : ""}`}
        />
        <Field label="Start" value={span.startTime} />
        <Field label="Start (Unix ns)" value={span.startTimeUnixNano} />
        <Field label="End" value={span.endTime} />
        <Field label="Duration (ns)" value={span.durationNs} />
        <Field label="Trace state" value={span.traceState ?? "none"} />
        <Field
          label="Flags"
          value={`${span.flags} (0x${span.flags.toString(16).padStart(8, "0")}${span.flags & 1 ? ", sampled" : ""})`}
        />
      </dl>
      <Section title="Attributes">
        <Attributes values={span.attributes} />
      </Section>
      <SpanEvents span={span} />
      <SpanLinks span={span} />
      <Section title="Resource">
        <Attributes values={span.resource.attributes} />
      </Section>
      <Section title="Instrumentation scope">
        <p className="mono small">
          {span.scope
            ? `${span.scope.name || "(unnamed)"}${span.scope.version ? ` ${span.scope.version}` : ""}`
            : "none"}
        </p>
      </Section>
    </aside>
  );
}

function SpanEvents({ span }: { span: TraceSpan }) {
  if (span.events.length === 0) return null;
  const start = BigInt(span.startTimeUnixNano);
  return (
    <Section title={`Events (${span.events.length})`}>
      <ol className={styles.list} data-testid="span-events">
        {span.events.map((event, i) => (
          <li key={`${event.timeUnixNano}-${i}`}>
            <span className="mono strong">{event.name || "(unnamed)"}</span>{" "}
            <span className="muted small mono" title={`${event.time} (${event.timeUnixNano} ns)`}>
              +{formatDuration(Number(BigInt(event.timeUnixNano) - start) / 1e6)} · {event.time}
            </span>
            {event.attributes.length > 0 && <Attributes values={event.attributes} nested />}
          </li>
        ))}
      </ol>
    </Section>
  );
}

function SpanLinks({ span }: { span: TraceSpan }) {
  if (span.links.length === 0) return null;
  return (
    <Section title={`Links (${span.links.length})`}>
      <ol className={styles.list} data-testid="span-links">
        {span.links.map((link, i) => (
          <li key={`${link.traceId}-${link.spanId}-${i}`}>
            <Link href={`/traces/${link.traceId}`} className="mono" title={`trace ${link.traceId}`}>
              trace {link.traceId}
            </Link>
            <div className="mono small muted">
              span {link.spanId} · flags {link.flags}
              {link.traceState ? ` · tracestate ${link.traceState}` : ""}
            </div>
            {link.attributes.length > 0 && <Attributes values={link.attributes} nested />}
          </li>
        ))}
      </ol>
    </Section>
  );
}
