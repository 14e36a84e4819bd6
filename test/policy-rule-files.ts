import { utimesSync, writeFileSync } from "node:fs";

// Team rule files (VIGIL_POLICY_DIR) as the policy tests write them.

/** A rule file with one valid rule of this id, mapped to one control. */
export function teamRuleFile(id: string, control = "TEAM 1"): string {
  return `rules:
  - id: ${id}
    title: A team rule
    severity: high
    resourceTypes: [aws_ebs_volume]
    expression: resource.attributes.encrypted == true
    remediation: Encrypt it.
    controls: [${control}]
`;
}

/** Writes the file with its mtime `agoMs` in the past, so the rule cache treats it as settled. */
export function writeSettled(file: string, text: string, agoMs = 3_600_000): void {
  writeFileSync(file, text);
  const at = new Date(Date.now() - agoMs);
  utimesSync(file, at, at);
}
