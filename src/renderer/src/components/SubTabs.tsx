/** A row of tabs inside a section (Functions / Call tree / Compare…). */
export function SubTabs<T extends string>({
  tabs,
  value,
  onChange,
  label,
}: {
  tabs: readonly T[]
  value: T
  onChange(tab: T): void
  /** The text of each tab. */
  label(tab: T): string
}): React.JSX.Element {
  return (
    <div className="subtabs" role="tablist">
      {tabs.map((x) => (
        <button
          key={x}
          type="button"
          role="tab"
          aria-selected={value === x}
          className={`subtab ${value === x ? 'active' : ''}`}
          onClick={() => onChange(x)}
        >
          {label(x)}
        </button>
      ))}
    </div>
  )
}
