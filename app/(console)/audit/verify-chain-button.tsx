"use client";

import { useMutation } from "@tanstack/react-query";

interface Report {
  intact: boolean;
  entries: number;
  message: string;
}

export function VerifyChainButton() {
  const verify = useMutation({
    mutationFn: async (): Promise<Report> => {
      const response = await fetch("/api/v1/audit/verify", { method: "POST" });
      const body = await response.json();
      if (!response.ok) throw new Error(body?.error?.message ?? `Verification failed (${response.status})`);
      return body as Report;
    },
  });
  return (
    <div className="verify">
      {verify.data && (
        <span className={verify.data.intact ? "verify-ok" : "verify-broken"} role="status" data-testid="verify-result">
          {verify.data.intact ? "✓ " : "✗ "}
          {verify.data.message}
        </span>
      )}
      {verify.error && (
        <span className="verify-broken" role="alert">
          {verify.error.message}
        </span>
      )}
      <button type="button" className="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {verify.isPending ? "Verifying the chain…" : "Verify chain"}
      </button>
    </div>
  );
}
