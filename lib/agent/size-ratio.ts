// How much of its price a resource keeps when it is resized within its family, from the size in
// its type name: AWS sizes double from one step to the next (t3.large is twice t3.medium), GCP
// and Azure machine names carry their vCPU count (e2-standard-4, Standard_D4s_v5). Between
// families, or for sizes the ladder does not know, there is no ratio: Vigil does not guess.

const AWS_STEPS = ["nano", "micro", "small", "medium", "large", "xlarge"];

/** Price weight of an AWS size: nano 1, micro 2, … xlarge 32, Nxlarge 32·N. */
function awsWeight(size: string): bigint | null {
  const step = AWS_STEPS.indexOf(size);
  if (step >= 0) return 1n << BigInt(step);
  const multiple = /^(\d{1,3})xlarge$/.exec(size);
  return multiple ? 32n * BigInt(multiple[1]) : null;
}

interface Sized {
  family: string;
  weight: bigint;
}

function sizeOf(value: string): Sized | null {
  const aws = /^(db\.|cache\.)?([a-z0-9-]+)\.([a-z0-9]+)$/.exec(value);
  if (aws) {
    const weight = awsWeight(aws[3]);
    return weight ? { family: `${aws[1] ?? ""}${aws[2]}`, weight } : null;
  }
  const gcp = /^([a-z0-9]+-[a-z]+(?:-[a-z]+)?)-(\d{1,3})$/.exec(value);
  if (gcp) return { family: gcp[1], weight: BigInt(gcp[2]) };
  const azure = /^(Standard_[A-Z]+)(\d{1,3})([a-z]*_v\d+|[a-z]*)$/.exec(value);
  if (azure) return { family: `${azure[1]}*${azure[3]}`, weight: BigInt(azure[2]) };
  return null;
}

/** new/old price as a fraction, or null when the two sizes are not of one known family. */
export function sizeRatio(from: string, to: string): { numerator: bigint; denominator: bigint } | null {
  const a = sizeOf(from);
  const b = sizeOf(to);
  if (!a || !b || a.family !== b.family || a.weight <= 0n) return null;
  return { numerator: b.weight, denominator: a.weight };
}

/** The size arguments right-sizing changes, by resource type. */
export const SIZE_ARGUMENT: Record<string, string> = {
  aws_instance: "instance_type",
  aws_db_instance: "instance_class",
  aws_elasticache_cluster: "node_type",
  azurerm_linux_virtual_machine: "size",
  google_compute_instance: "machine_type",
};
