import { useMemo, type ReactElement } from 'react';
import { Field } from '../components/Field';

function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

export function TimeZoneSelect(props: { value: string; onChange: (zone: string) => void; errors?: string[] | undefined }): ReactElement {
  const zones = useMemo(() => timeZones(props.value), [props.value]);
  return (
    <Field label="Account time zone" hint="Your SMSGlobal account’s time zone. The sync reads the account’s offset from SMSGlobal’s answers and uses this only until it has one." errors={props.errors}>
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
