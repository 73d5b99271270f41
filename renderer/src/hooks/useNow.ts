import { useEffect, useState } from 'react';

/** The current time, moving on every `intervalMs`: for what changes as time passes (the 24-hour window). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
