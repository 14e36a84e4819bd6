import fs from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";
import type { Decoded } from "./decode";

// The OTLP messages by protobufjs, from trace.proto: for the receiver's answers, for encoding
// test and benchmark requests, and as the reference the wire reader is checked against.

const root = protobuf.parse(fs.readFileSync(path.join(import.meta.dirname, "trace.proto"), "utf8"), {
  keepCase: false,
}).root;
export const RequestType = root.lookupType("opentelemetry.proto.ExportTraceServiceRequest");
export const ResponseType = root.lookupType("opentelemetry.proto.ExportTraceServiceResponse");
const StatusType = root.lookupType("opentelemetry.proto.RpcStatus");

/** A google.rpc.Status error body, in the request's encoding. */
export function encodeStatus(code: number, message: string, as: "protobuf" | "json"): Uint8Array | string {
  if (as === "json") return JSON.stringify({ code, message });
  return StatusType.encode(StatusType.create({ code, message })).finish();
}

/** The OTLP success body, with partial_success when spans were rejected. */
export function encodeResponse(
  decoded: Pick<Decoded, "rejected" | "reasons">,
  as: "protobuf" | "json",
): Uint8Array | string {
  const message = decoded.reasons.join("; ");
  const partial =
    decoded.rejected > 0 || message ? { rejectedSpans: decoded.rejected, errorMessage: message } : undefined;
  if (as === "json")
    return JSON.stringify(
      partial
        ? { partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } }
        : {},
    );
  return ResponseType.encode(ResponseType.create(partial ? { partialSuccess: partial } : {})).finish();
}
