import type protobuf from "protobufjs";
import { pick, hexOf, type Target } from "./adversarial-values";
import { RequestType } from "./proto";
import type { Json } from "./test-requests";

// Requests for the receiver's fuzz test: the OTLP JSON form, the same as protobuf, and raw
// protobuf tails that say what JSON can not (invalid UTF-8, varints beyond their field's range).

// ---- protobuf the JSON form can not say: invalid UTF-8 and varints out of every range,
// appended to a message (the last occurrence of a field wins).
const varint = (value: bigint) => {
  const bytes: number[] = [];
  let rest = BigInt.asUintN(64, value);
  do {
    bytes.push(Number(rest & 0x7fn) | (rest > 0x7fn ? 0x80 : 0));
    rest >>= 7n;
  } while (rest > 0n);
  return Buffer.from(bytes);
};
const tag = (field: number, wireType: number) => varint(BigInt((field << 3) | wireType));
const delimited = (field: number, body: Buffer) => Buffer.concat([tag(field, 2), varint(BigInt(body.length)), body]);
const fixed64 = (field: number, value: bigint) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt.asUintN(64, value));
  return Buffer.concat([tag(field, 1), bytes]);
};
const NOT_UTF8 = [
  [0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0x00],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0x61, 0xfe, 0x62],
].map((bytes) => Buffer.from(bytes));
const BIG_VARINTS = [2n ** 64n - 1n, 2n ** 63n, 2n ** 35n, 2n ** 32n, 2n ** 31n, 99_999_999_999n];
const keyValue = (key: Buffer, value: Buffer) => Buffer.concat([delimited(1, key), delimited(2, value)]);

export function rawTail(target: Target): Buffer {
  const text = pick(NOT_UTF8);
  const big = pick(BIG_VARINTS);
  if (target === "resource")
    return pick([
      delimited(1, keyValue(Buffer.from("service.name"), delimited(1, text))),
      delimited(1, keyValue(text, Buffer.concat([tag(3, 0), varint(big)]))),
      Buffer.concat([tag(2, 0), varint(big)]),
    ]);
  if (target === "scope")
    return pick([
      delimited(1, text),
      delimited(2, text),
      Buffer.concat([tag(4, 0), varint(big)]),
      delimited(3, keyValue(text, delimited(1, text))),
    ]);
  return pick([
    delimited(5, text), // name
    delimited(3, text), // trace_state
    Buffer.concat([tag(6, 0), varint(big)]), // kind
    delimited(15, Buffer.concat([tag(3, 0), varint(big), delimited(2, text)])), // status
    delimited(9, keyValue(text, delimited(1, text))), // an attribute
    delimited(9, keyValue(Buffer.from("http.response.status_code"), Buffer.concat([tag(3, 0), varint(big)]))),
    delimited(9, keyValue(Buffer.from("app.int"), Buffer.concat([tag(3, 0), varint(big)]))),
    delimited(11, Buffer.concat([fixed64(1, big), delimited(2, text)])), // an event
    delimited(
      13,
      Buffer.concat([delimited(1, Buffer.alloc(16, 1)), delimited(2, Buffer.alloc(8, 2)), delimited(3, text)]),
    ), // a link
    Buffer.concat([tag(10, 0), varint(big)]), // dropped counts
    Buffer.concat([tag(12, 0), varint(big)]),
    fixed64(8, big), // end time
    Buffer.concat([tag(16, 5), Buffer.from([0xff, 0xff, 0xff, 0xff])]), // flags
  ]);
}

// ---- requests: good spans in a clean resource before and after, and one beside the bad one
const types = {
  span: RequestType.root.lookupType("opentelemetry.proto.Span"),
  resource: RequestType.root.lookupType("opentelemetry.proto.Resource"),
  scope: RequestType.root.lookupType("opentelemetry.proto.InstrumentationScope"),
};

export interface Scoped {
  resource: Json;
  scope: Json;
  spans: Json[];
  tails?: Partial<Record<Target, Buffer>>;
}

export const goodSpan = (name: string, at: bigint): Json => ({
  traceId: hexOf(16),
  spanId: hexOf(8),
  name,
  kind: 2,
  startTimeUnixNano: String(at),
  endTimeUnixNano: String(at + 1_000_000n),
});
export const cleanResource = () => ({ attributes: [{ key: "service.name", value: { stringValue: "fuzz-good" } }] });

/** The OTLP JSON form as protobufjs takes it (ids as bytes); throws for what protobuf can not hold. */
function protobufObject(value: unknown, key = ""): unknown {
  if ((key === "traceId" || key === "spanId" || key === "parentSpanId") && typeof value === "string")
    return Buffer.from(value, "hex");
  if (Array.isArray(value)) return value.map((item) => protobufObject(item));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, protobufObject(v, k)]));
  return value;
}

function encodeMessage(type: protobuf.Type, value: Json, tail: Buffer | undefined): Buffer {
  const object = type.fromObject(protobufObject(value) as Json);
  return Buffer.concat([type.encode(object).finish(), tail ?? Buffer.alloc(0)]);
}

/** A request as protobuf, each message encoded by protobufjs and the raw tails appended. */
export function asProtobuf(groups: Scoped[], badIndex: number): Buffer {
  const parts = groups.map((group) => {
    const tails = group.tails ?? {};
    const spans = group.spans.map((span, i) =>
      delimited(2, encodeMessage(types.span, span, i === badIndex ? tails.span : undefined)),
    );
    const scopeSpans = delimited(
      2,
      Buffer.concat([delimited(1, encodeMessage(types.scope, group.scope, tails.scope)), ...spans]),
    );
    return delimited(
      1,
      Buffer.concat([delimited(1, encodeMessage(types.resource, group.resource, tails.resource)), scopeSpans]),
    );
  });
  return Buffer.concat(parts);
}

export const asJson = (groups: Scoped[]) => ({
  resourceSpans: groups.map((group) => ({
    resource: group.resource,
    scopeSpans: [{ scope: group.scope, spans: group.spans }],
  })),
});
