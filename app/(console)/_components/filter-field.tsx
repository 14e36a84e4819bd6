/** A labelled text input of a GET filter form, prefilled from the current query. */
export function FilterField({
  name,
  label,
  value,
  placeholder,
  maxLength = 200,
  inputMode,
}: {
  name: string;
  label: string;
  value: string;
  placeholder?: string;
  maxLength?: number;
  inputMode?: "decimal";
}) {
  return (
    <label>
      {label}
      <input name={name} defaultValue={value} placeholder={placeholder} maxLength={maxLength} inputMode={inputMode} />
    </label>
  );
}

/** Submit and clear buttons of a filter form, with any extra actions after them. */
export function FilterActions({
  submitLabel,
  clearHref,
  children,
}: {
  submitLabel: string;
  clearHref: string;
  children?: React.ReactNode;
}) {
  return (
    <div className="filter-actions">
      <button type="submit" className="button button-primary">
        {submitLabel}
      </button>
      <a href={clearHref} className="button button-quiet">
        Clear
      </a>
      {children}
    </div>
  );
}
