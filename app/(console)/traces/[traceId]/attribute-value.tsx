import type { AnyValue, KeyValue } from "@/lib/traces/get-trace";
import styles from "./trace.module.css";

type Typed = { type: string; text?: string; items?: AnyValue[]; pairs?: KeyValue[] };

/** Which of OTLP's value types a value is, and what to show for it. */
function typed(value: AnyValue): Typed {
  // Read loosely: the `{}` member of the union defeats `in` narrowing, and a value may be malformed.
  const v = value as { [key: string]: unknown };
  if ("stringValue" in v) return { type: "string", text: String(v.stringValue) };
  if ("intValue" in v) return { type: "int", text: String(v.intValue) };
  if ("doubleValue" in v) {
    const n = Number(v.doubleValue);
    // 1 and 1.0 differ in type: a double always shows its decimal point.
    return { type: "double", text: Number.isInteger(n) ? n.toFixed(1) : String(n) };
  }
  if ("boolValue" in v) return { type: "bool", text: String(v.boolValue) };
  if ("bytesValue" in v) return { type: "bytes", text: String(v.bytesValue) };
  const list = (key: string) => ((v[key] as { values?: unknown } | undefined)?.values ?? []) as never[];
  if ("arrayValue" in v) return { type: "array", items: list("arrayValue") };
  if ("kvlistValue" in v) return { type: "kvlist", pairs: list("kvlistValue") };
  return { type: "empty" };
}

/** A value with its type tag; arrays and key-value lists nest. */
export function AttributeValue({ value }: { value: AnyValue }) {
  const { type, text, items, pairs } = typed(value);
  const tag = (
    <span className={`${styles.type} ${styles[`type-${type}`] ?? ""}`} data-type={type}>
      {type === "array" ? `array[${items?.length}]` : type}
    </span>
  );
  if (items)
    return (
      <span className={styles.value}>
        {tag}
        <ol className={styles.nested} start={0}>
          {items.map((item, i) => (
            <li key={i}>
              <AttributeValue value={item} />
            </li>
          ))}
        </ol>
      </span>
    );
  if (pairs)
    return (
      <span className={styles.value}>
        {tag}
        <Attributes values={pairs} nested />
      </span>
    );
  return (
    <span className={styles.value}>
      {tag}{" "}
      <span className={`mono ${styles[`text-${type}`] ?? ""}`} title={text}>
        {type === "string" ? `"${text}"` : (text ?? "(no value)")}
      </span>
    </span>
  );
}

/** Key-value pairs with typed values, in the order the API gives them. */
export function Attributes({ values, nested }: { values: KeyValue[]; nested?: boolean }) {
  if (values.length === 0) return <p className="muted small">none</p>;
  return (
    <table className={`table ${styles.pairs} ${nested ? styles.nestedPairs : ""}`}>
      <tbody>
        {values.map((pair, i) => (
          <tr key={`${pair.key}-${i}`} data-testid={nested ? undefined : "attribute"}>
            <th scope="row" className="mono" title={pair.key}>
              {pair.key}
            </th>
            <td>
              <AttributeValue value={pair.value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
