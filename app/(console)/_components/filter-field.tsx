import type { ReactNode } from "react";

/** A field of a GET filter form: a text input, or a select when it lists its options as [value, text]. */
export type FilterSpec = {
  name: string;
  label: string;
  placeholder?: string;
  maxLength?: number;
  inputMode?: "decimal";
  options?: readonly (readonly [value: string, text: string])[];
};

/** A GET filter form prefilled from the current query: its fields, then submit, clear and any extra actions. */
export function FilterForm({
  label,
  className,
  fields,
  values,
  submitLabel,
  clearHref,
  children,
}: {
  label: string;
  className?: string;
  fields: FilterSpec[];
  values: Record<string, string>;
  submitLabel: string;
  clearHref: string;
  children?: ReactNode;
}) {
  return (
    <form className={className ? `filters ${className}` : "filters"} method="get" aria-label={label}>
      {fields.map((field) => (
        <FilterField key={field.name} field={field} value={values[field.name] ?? ""} />
      ))}
      <div className="filter-actions">
        <button type="submit" className="button button-primary">
          {submitLabel}
        </button>
        <a href={clearHref} className="button button-quiet">
          Clear
        </a>
        {children}
      </div>
    </form>
  );
}

function FilterField({ field, value }: { field: FilterSpec; value: string }) {
  const { name, label, placeholder, maxLength = 200, inputMode, options } = field;
  return (
    <label>
      {label}
      {options ? (
        <select name={name} defaultValue={value}>
          {options.map(([option, text]) => (
            <option key={option} value={option}>
              {text}
            </option>
          ))}
        </select>
      ) : (
        <input name={name} defaultValue={value} placeholder={placeholder} maxLength={maxLength} inputMode={inputMode} />
      )}
    </label>
  );
}

/** Why the request in the URL was refused, said where its results would be. */
export function Problem({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {children}
    </p>
  );
}
