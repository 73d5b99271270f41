import { useId, type ReactElement } from 'react';

export interface RangeValues {
  from: string;
  to: string;
  number: string;
}

/** Why the typed range or number cannot be used (shared/history.ts says it the same way main does). */
export interface RangeProblems {
  range?: string | null;
  number?: string | null;
}

/** The date range and number filters the Outbox and Search share (dates as yyyy-mm-dd). */
export function RangeFilters({ values, onChange, problems = {} }: { values: RangeValues; onChange: (patch: Partial<RangeValues>) => void; problems?: RangeProblems }): ReactElement {
  const id = useId();
  const invalid = (problem: string | null | undefined, suffix: string) => (problem ? { 'aria-invalid': true, 'aria-describedby': `${id}-${suffix}` } : {});
  return (
    <>
      <label className="filters__field">
        <span>From</span>
        <input type="date" value={values.from} onChange={(e) => onChange({ from: e.target.value })} {...invalid(problems.range, 'range')} />
      </label>
      <label className="filters__field">
        <span>To</span>
        <input type="date" value={values.to} onChange={(e) => onChange({ to: e.target.value })} {...invalid(problems.range, 'range')} />
      </label>
      <label className="filters__field">
        <span>Number</span>
        <input type="search" inputMode="tel" placeholder="Any number" maxLength={32} value={values.number} onChange={(e) => onChange({ number: e.target.value })} {...invalid(problems.number, 'number')} />
      </label>
      {problems.range ? (
        <p className="filters__error" id={`${id}-range`} role="alert">
          {problems.range}
        </p>
      ) : null}
      {problems.number ? (
        <p className="filters__error" id={`${id}-number`} role="alert">
          Number: {problems.number}
        </p>
      ) : null}
    </>
  );
}

/** Applies a RangeFilters patch to three separate state setters. */
export function applyRange(patch: Partial<RangeValues>, set: { from: (v: string) => void; to: (v: string) => void; number: (v: string) => void }): void {
  if (patch.from !== undefined) set.from(patch.from);
  if (patch.to !== undefined) set.to(patch.to);
  if (patch.number !== undefined) set.number(patch.number);
}
