import type { ProposalView } from "@/lib/proposals/types";
import styles from "../agent.module.css";
import { mappingText } from "./proposal-body";

/** The pull request for an approved patch: its link, that it is on its way, or why it failed. */
function PullRequest({ pr }: { pr: ProposalView["pullRequest"] }) {
  if (!pr)
    return (
      <p className="muted" data-testid="pull-request">
        No GitHub repository is configured: apply the patch with <span className="mono">git am</span>.
      </p>
    );
  if (pr.state === "opened" && pr.url)
    return (
      <p data-testid="pull-request">
        Pull request opened:{" "}
        <a href={pr.url} rel="noreferrer noopener" target="_blank" className="mono">
          {pr.url}
        </a>
      </p>
    );
  if (pr.state === "failed")
    return (
      <p className="form-error" role="alert" data-testid="pull-request">
        The pull request could not be opened: {pr.error ?? "no reason recorded"}
      </p>
    );
  return (
    <p className="muted" data-testid="pull-request">
      Pull request {pr.state}: the worker opens it shortly{pr.error ? ` (last attempt: ${pr.error})` : ""}.
    </p>
  );
}

/** What an approval yielded: a patch to download and its pull request, or the allocation rule added. */
export function AfterApproval({ view }: { view: ProposalView }) {
  if (view.status !== "approved") return null;
  const p = view.proposal;
  if (p?.kind === "attribution")
    return (
      <div className={styles.after}>
        <p className="form-ok" data-testid="allocation-added">
          Allocation rule added: {mappingText(p.mapping)}. The affected days&apos; spend is allocated again.
        </p>
      </div>
    );
  return (
    <div className={styles.after}>
      {view.patchAvailable ? (
        <p>
          <a
            href={`/api/v1/proposals/${view.id}/patch`}
            download
            className="button button-primary"
            data-testid="download-patch"
          >
            Download patch
          </a>{" "}
          <span className="muted small">a git format-patch file: git am applies it</span>
        </p>
      ) : (
        <p className="muted">No patch was built for this proposal.</p>
      )}
      {view.patchAvailable && <PullRequest pr={view.pullRequest} />}
    </div>
  );
}
