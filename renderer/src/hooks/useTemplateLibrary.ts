import { useEffect, useState } from 'react';
import type { TemplateEntry } from '../../../shared/templates';
import { api, errorMessage } from '../api';
import { useSync } from '../stores/sync';

/** The template library, re-read when the sync may have seen new template names. */
export function useTemplateLibrary(): { entries: TemplateEntry[]; error: string | null; loading: boolean; reload: () => void } {
  const [entries, setEntries] = useState<TemplateEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [bump, setBump] = useState(0);
  const version = useSync((s) => s.version);
  useEffect(() => {
    let live = true;
    api.templates.list().then(
      ({ items }) => live && (setEntries(items), setError(null), setLoading(false)),
      (e: unknown) => live && (setError(errorMessage(e)), setLoading(false)),
    );
    return () => {
      live = false;
    };
  }, [version, bump]);
  return { entries, error, loading, reload: () => setBump((n) => n + 1) };
}
