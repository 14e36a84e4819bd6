import type { RequestView } from "@/lib/runbooks/schemas";
import styles from "./runbooks.module.css";

/** The exact request a run sends, as an HTTP message: method and URL, headers (secrets redacted), body. */
export function RequestText({ request }: { request: RequestView }) {
  const headers = request.headers.map((header) => `${header.name}: ${header.value}`).join("\n");
  return (
    <pre className={styles.request} data-testid="runbook-request">
      {`${request.method} ${request.url}\n${headers}${headers ? "\n" : ""}\n${request.body}`}
    </pre>
  );
}
