import type { AttributeMap } from "./metric-batch";

// Which resource a metric describes, from its OTLP resource attributes, first match wins:
// cloud.resource_id (an ARN or Azure/GCP id), host.id (the EC2 instance id with the Collector's
// resourcedetection processor), k8s.pod.uid, service.name with service.instance.id, host.name.
// An SDK's default "unknown_service..." name identifies nothing and is passed over.

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value : null);

function serviceOf(attributes: AttributeMap): string | null {
  const name = text(attributes["service.name"]);
  return name && !name.startsWith("unknown_service") ? name : null;
}

export function resourceIdentity(attributes: AttributeMap): { resourceId: string; serviceName: string | null } {
  const serviceName = text(attributes["service.name"]);
  const service = serviceOf(attributes);
  const instance = text(attributes["service.instance.id"]);
  const resourceId =
    text(attributes["cloud.resource_id"]) ??
    text(attributes["host.id"]) ??
    text(attributes["k8s.pod.uid"]) ??
    (service ? (instance ? `${service}/${instance}` : service) : null) ??
    text(attributes["host.name"]) ??
    serviceName ??
    "unknown";
  return { resourceId, serviceName };
}
