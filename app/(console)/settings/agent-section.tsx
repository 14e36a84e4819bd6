"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { AgentMode } from "@/lib/settings/agent-mode";
import { DATA_CLASSES, type DataClass } from "@/lib/settings/agent-settings-schema";
import { Check, Fieldset, FormEnd } from "../_components/form-fields";
import fields from "../_components/form-fields.module.css";
import { sendJson } from "../_components/send-json";

const CLASS_TEXT: Record<DataClass, string> = {
  telemetry: "Telemetry: span summaries and attributes",
  costs: "Costs: bills and spend",
  inventory: "Inventory: addresses, names and tags",
  findings: "Findings: zombies, drift, policy, anomalies, SLOs",
};

export interface AgentSectionProps {
  mode: AgentMode;
  dataClasses: DataClass[];
  updatedBy: string | null;
  canManage: boolean;
}

function modeLine({ mode, model, endpointHost, modelEnabled }: AgentMode): string {
  if (!model) return "Rule-based: no model is configured (VIGIL_LLM_MODEL, VIGIL_LLM_BASE_URL, VIGIL_LLM_API_KEY).";
  if (mode === "rule-based" && !modelEnabled) return `Rule-based: ${model} at ${endpointHost} is switched off here.`;
  return `Model ${model} at ${endpointHost}.`;
}

/** The agent's model and what may leave the building; admins change them, everyone else reads. */
export function AgentSection({ mode, dataClasses, updatedBy, canManage }: AgentSectionProps) {
  const router = useRouter();
  const [classes, setClasses] = useState<DataClass[]>(dataClasses);
  const [enabled, setEnabled] = useState(mode.modelEnabled);
  const save = useMutation({
    mutationFn: () => sendJson("/api/v1/settings/agent", "PATCH", { dataClasses: classes, modelEnabled: enabled }),
    onSuccess: () => router.refresh(),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate();
  };
  const toggle = (name: DataClass, on: boolean) =>
    setClasses((now) => DATA_CLASSES.filter((c) => (c === name ? on : now.includes(c))));
  return (
    <section className="card" data-testid="agent-settings">
      <h2>Agent</h2>
      <p className="small" data-testid="agent-mode">
        {modeLine(mode)}
      </p>
      <p className="empty-note small">
        Secret-looking values are redacted before anything is sent; a class left unticked never leaves Vigil, for the
        agent&apos;s model and the MCP server alike.{updatedBy ? ` Last changed by ${updatedBy}.` : ""}
      </p>
      <form className={fields.form} onSubmit={submit} aria-label="Agent settings" noValidate>
        <Fieldset legend="May be sent to the model">
          {DATA_CLASSES.map((name) => (
            <Check
              key={name}
              label={CLASS_TEXT[name]}
              checked={classes.includes(name)}
              onChange={(on) => canManage && toggle(name, on)}
            />
          ))}
        </Fieldset>
        {mode.model && (
          <Fieldset legend="Model">
            <Check label={`Use ${mode.model}`} checked={enabled} onChange={(on) => canManage && setEnabled(on)} />
          </Fieldset>
        )}
        {canManage && (
          <FormEnd
            error={save.error ? save.error.message : undefined}
            submit="Save agent settings"
            busy={save.isPending}
          />
        )}
      </form>
    </section>
  );
}
