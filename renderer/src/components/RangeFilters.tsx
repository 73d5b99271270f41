import type { ReactElement } from 'react';

export interface RangeValues {
  from: string;
  to: string;
  number: string;
}

/** The date range and number filters the Outbox and Search share (dates as yyyy-mm-dd). */
export function RangeFilters({ values, onChange }: { values: RangeValues; onChange: (patch: Partial<RangeValues>) => void }): ReactElement {
  return (
    <>
      <label className="filters__field">
        <span>From</span>
        <input type="date" value={values.from} onChange={(e) => onChange({ from: e.target.value })} />
      </label>
      <label className="filters__field">
        <span>To</span>
        <input type="date" value={values.to} onChange={(e) => onChange({ to: e.target.value })} />
      </label>
      <label className="filters__field">
        <span>Number</span>
        <input type="search" inputMode="tel" placeholder="Any number" value={values.number} onChange={(e) => onChange({ number: e.target.value })} />
      </label>
    </>
  );
}

/** Applies a RangeFilters patch to three separate state setters. */
export function applyRange(patch: Partial<RangeValues>, set: { from: (v: string) => void; to: (v: string) => void; number: (v: string) => void }): void {
  if (patch.from !== undefined) set.from(patch.from);
  if (patch.to !== undefined) set.to(patch.to);
  if (patch.number !== undefined) set.number(patch.number);
}
