import { useMemo, type ReactElement } from 'react';
import { Field } from '../components/Field';

function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

/** The account's time zone, from every zone this computer knows, or from `choices` only. */
export function TimeZoneSelect(props: {
  value: string;
  onChange: (zone: string) => void;
  errors?: string[] | undefined;
  /** A short list under its own label (e.g. the zones at the offset SMSGlobal's answers show). */
  choices?: { label: string; zones: readonly string[] };
}): ReactElement {
  const { choices } = props;
  const zones = useMemo(() => choices?.zones ?? timeZones(props.value), [choices, props.value]);
  return (
    <Field
      label={choices?.label ?? 'Account time zone'}
      hint={choices ? undefined : 'Your SMSGlobal account’s time zone. The sync reads the account’s offset from SMSGlobal’s answers and uses this only until it has one.'}
      errors={props.errors}
    >
      {(control) => (
        <select {...control} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
