import { useState } from 'react';
import type { ExportRequest } from '../../../shared/history';
import { api, errorMessage } from '../api';
import { plural } from '../../../shared/plural';

/** Runs a CSV export and keeps a sentence about how it went. */
export function useExport(): { busy: boolean; message: string | null; failed: boolean; run: (request: ExportRequest) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  return {
    busy,
    message,
    failed,
    async run(request) {
      setBusy(true);
      setMessage(null);
      try {
        const result = await api.export.csv(request);
        setFailed(false);
        setMessage(result.saved ? `Exported ${plural(result.rows, 'row')}${result.location ? ` to ${result.location}` : ''}.` : 'Export cancelled.');
      } catch (error) {
        setFailed(true);
        setMessage(`Export failed: ${errorMessage(error)}`);
      } finally {
        setBusy(false);
      }
    },
  };
}
