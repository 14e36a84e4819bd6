import { z } from "zod";
import { VigilError } from "@/lib/errors";
import type { FindingRecord } from "@/lib/policy/finding-records";
import { clip, finding, line, severityOf, shortHash } from "./finding-fields";

// Scanner reports into Vigil's finding model. Shapes: Checkov `-o json` (one report, or a list of
// one per framework: results.failed_checks[] of checkov/common/output/record.py), tfsec
// `--format json` (results[] with rule_id, location), Trivy `config --format json` (Results[]
// .Misconfigurations[] with CauseMetadata) and conftest `--output json` (a list of files with
// failures[] and warnings[] of { msg, metadata }). Only failures are findings.

export const FORMATS = ["checkov", "tfsec", "trivy", "conftest"] as const;
export type Format = (typeof FORMATS)[number];

const MAX_FINDINGS = 200_000;
const loose = <T extends z.ZodRawShape>(shape: T) => z.object(shape).passthrough();

const CheckovRecord = loose({
  check_id: z.string(),
  check_name: z.string().nullish(),
  resource: z.string().nullish(),
  resource_address: z.string().nullish(),
  file_path: z.string().nullish(),
  file_line_range: z.array(z.number()).nullish(),
  severity: z.string().nullish(),
  guideline: z.string().nullish(),
});
const CheckovReport = loose({
  check_type: z.string(),
  results: loose({ failed_checks: z.array(CheckovRecord).nullish() }),
});
const Checkov = z.union([CheckovReport, z.array(CheckovReport)]);

const Tfsec = loose({
  results: z
    .array(
      loose({
        rule_id: z.string(),
        long_id: z.string().nullish(),
        rule_description: z.string().nullish(),
        description: z.string().nullish(),
        resolution: z.string().nullish(),
        severity: z.string().nullish(),
        resource: z.string().nullish(),
        links: z.array(z.string()).nullish(),
        location: loose({
          filename: z.string().nullish(),
          start_line: z.number().nullish(),
          end_line: z.number().nullish(),
        }).nullish(),
      }),
    )
    .nullable(),
});

const Misconf = loose({
  ID: z.string(),
  AVDID: z.string().nullish(),
  Title: z.string().nullish(),
  Message: z.string().nullish(),
  Resolution: z.string().nullish(),
  Severity: z.string().nullish(),
  Status: z.string().nullish(),
  PrimaryURL: z.string().nullish(),
  CauseMetadata: loose({
    Resource: z.string().nullish(),
    StartLine: z.number().nullish(),
    EndLine: z.number().nullish(),
  }).nullish(),
});
const Trivy = loose({
  SchemaVersion: z.number(),
  Results: z.array(loose({ Target: z.string(), Misconfigurations: z.array(Misconf).nullish() })).nullish(),
});

const ConftestResult = loose({ msg: z.string(), metadata: z.record(z.string(), z.unknown()).nullish() });
const Conftest = z.array(
  loose({
    filename: z.string(),
    namespace: z.string().nullish(),
    failures: z.array(ConftestResult).nullish(),
    warnings: z.array(ConftestResult).nullish(),
  }),
);

function checkovFindings(report: z.infer<typeof Checkov>): FindingRecord[] {
  return [report]
    .flat()
    .flatMap((one) => one.results.failed_checks ?? [])
    .map((check) =>
      finding({
        tool: "checkov",
        ruleId: check.check_id,
        title: clip(check.check_name, 500) || check.check_id,
        severity: severityOf(check.severity),
        address: check.resource_address || check.resource || clip(check.file_path, 4096) || "unknown",
        message: clip(check.check_name, 4000) || check.check_id,
        file: check.file_path ? clip(check.file_path, 4096) : null,
        lineStart: line(check.file_line_range?.[0]),
        lineEnd: line(check.file_line_range?.[1]),
        remediation: clip(check.guideline, 2000),
      }),
    );
}

function tfsecFindings(report: z.infer<typeof Tfsec>): FindingRecord[] {
  return (report.results ?? []).map((result) =>
    finding({
      tool: "tfsec",
      ruleId: result.rule_id,
      title: clip(result.rule_description, 500) || clip(result.long_id, 500) || result.rule_id,
      severity: severityOf(result.severity),
      address: result.resource || clip(result.location?.filename, 4096) || "unknown",
      message: clip(result.description, 4000) || result.rule_id,
      file: result.location?.filename ? clip(result.location.filename, 4096) : null,
      lineStart: line(result.location?.start_line),
      lineEnd: line(result.location?.end_line),
      remediation: [clip(result.resolution, 1000), ...(result.links ?? []).slice(0, 3)].filter(Boolean).join(" "),
    }),
  );
}

function trivyFindings(report: z.infer<typeof Trivy>): FindingRecord[] {
  return (report.Results ?? []).flatMap((target) =>
    (target.Misconfigurations ?? [])
      .filter((m) => (m.Status ?? "FAIL") === "FAIL")
      .map((m) =>
        finding({
          tool: "trivy",
          ruleId: m.AVDID || m.ID,
          title: clip(m.Title, 500) || m.ID,
          severity: severityOf(m.Severity),
          address: m.CauseMetadata?.Resource || target.Target,
          message: clip(m.Message, 4000) || clip(m.Title, 4000) || m.ID,
          file: clip(target.Target, 4096),
          lineStart: line(m.CauseMetadata?.StartLine),
          lineEnd: line(m.CauseMetadata?.EndLine),
          remediation: [clip(m.Resolution, 1000), clip(m.PrimaryURL, 500)].filter(Boolean).join(" "),
        }),
      ),
  );
}

function conftestFindings(report: z.infer<typeof Conftest>): FindingRecord[] {
  return report.flatMap((file) =>
    (["failures", "warnings"] as const).flatMap((kind) =>
      (file[kind] ?? []).map((result) => {
        const meta = result.metadata ?? {};
        const named = typeof meta.id === "string" ? meta.id : typeof meta.rule === "string" ? meta.rule : null;
        const address =
          typeof meta.resource === "string"
            ? meta.resource
            : typeof meta.address === "string"
              ? meta.address
              : file.filename;
        return finding({
          tool: "conftest",
          ruleId: `${file.namespace ?? "main"}/${named ?? shortHash(result.msg)}`,
          title: clip(result.msg, 500),
          severity: severityOf(meta.severity, kind === "failures" ? "high" : "low"),
          address,
          message: clip(result.msg, 4000),
          file: clip(file.filename, 4096),
          evidence: { kind, metadata: meta },
        });
      }),
    ),
  );
}

const PARSERS = {
  checkov: (json: unknown) => checkovFindings(Checkov.parse(json)),
  tfsec: (json: unknown) => tfsecFindings(Tfsec.parse(json)),
  trivy: (json: unknown) => trivyFindings(Trivy.parse(json)),
  conftest: (json: unknown) => conftestFindings(Conftest.parse(json)),
} satisfies Record<Format, (json: unknown) => FindingRecord[]>;

/** A scanner's report as findings; a report of another shape is a 400 naming the field. */
export function parseFindings(format: Format, json: unknown, file: string): FindingRecord[] {
  let findings: FindingRecord[];
  try {
    findings = PARSERS[format](json);
  } catch (err) {
    if (!(err instanceof z.ZodError)) throw err;
    const issue = err.issues[0];
    const field = issue.path.join(".") || "report";
    throw new VigilError("bad_request", `${file}: ${field}: ${issue.message} (not a ${format} JSON report?)`, {
      file,
      field,
    });
  }
  if (findings.length > MAX_FINDINGS)
    throw new VigilError("payload_too_large", `${file}: more than ${MAX_FINDINGS} findings in one report`, { file });
  return findings;
}
