import { useMemo, useState, type FormEvent, type ReactElement } from 'react';
import { formatUtcOffset, timeZoneOffsetMinutes, zonesAtOffset } from '../../../shared/dates';
import type { Settings } from '../../../shared/settings';
import { Notice } from '../components/Notice';
import { useSettings } from '../stores/settings';
import { useSync } from '../stores/sync';
import { TimeZoneSelect } from './TimeZoneSelect';

/**
 * Said once, beside the time-zone setting: SMSGlobal's answers show the account's clock at
 * another UTC offset than the zone chosen here. The sync does not depend on the setting (it
 * reads the offset from every answer), so this is a fix offered, not an error; the zones that
 * had that offset at the time are offered.
 */
export function AccountClockNotice({ settings }: { settings: Settings }): ReactElement | null {
  const clock = useSync((s) => s.status?.accountClock ?? null);
  const update = useSettings((s) => s.update);
  const offset = clock?.offsetMinutes;
  const at = clock?.observedAt;
  const settingOffset = at !== undefined ? timeZoneOffsetMinutes(at, settings.timeZone) : undefined;
  const differs = offset !== undefined && settingOffset !== undefined && offset !== settingOffset;
  const zones = useMemo(() => (differs && offset !== undefined && at !== undefined ? zonesAtOffset(offset, at) : []), [differs, offset, at]);
  const [picked, setPicked] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  if (!differs || offset === undefined || settingOffset === undefined) return null;
  const choice = picked !== null && zones.includes(picked) ? picked : (zones[0] ?? '');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!choice) return;
    setErrors(await update({ timeZone: choice }));
  };

  return (
    <Notice tone="warn" label="Account time zone check">
      <p>
        SMSGlobal writes your account&apos;s dates at <strong>{formatUtcOffset(offset)}</strong>, but the time zone chosen here,{' '}
        {settings.timeZone.replaceAll('_', ' ')}, is at {formatUtcOffset(settingOffset)}. Syncing is not affected: the app reads
        the offset from SMSGlobal&apos;s own answers. Choose your account&apos;s zone so the app&apos;s other date filters match it too.
      </p>
      {zones.length > 0 ? (
        <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
          <TimeZoneSelect value={choice} onChange={setPicked} errors={errors['timeZone']} choices={{ label: `Time zones at ${formatUtcOffset(offset)}`, zones }} />
          <button type="submit" className="button">
            Use this time zone
          </button>
        </form>
      ) : (
        <p>No time zone this computer knows has that offset; pick the nearest one above.</p>
      )}
    </Notice>
  );
}
