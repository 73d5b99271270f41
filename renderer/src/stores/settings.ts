import { create } from 'zustand';
import type { AppInfo, DatabaseStatus } from '../../../shared/contract';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { AppError } from '../../../shared/result';
import { api, errorMessage } from '../api';

type Load = 'idle' | 'loading' | 'ready' | 'error';

interface SettingsState {
  readonly settings: Settings | null;
  readonly appInfo: AppInfo | null;
  readonly database: DatabaseStatus | null;
  readonly load: Load;
  readonly loadError: string | null;
  readonly init: () => Promise<void>;
  readonly refreshDatabase: () => Promise<void>;
  /** Saves a patch; resolves to per-field errors (empty when saved). */
  readonly update: (patch: SettingsPatch) => Promise<Record<string, string[]>>;
}

export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  appInfo: null,
  database: null,
  load: 'idle',
  loadError: null,
  async init() {
    set({ load: 'loading', loadError: null });
    try {
      const [settings, appInfo, database] = await Promise.all([api.settings.get(), api.app.info(), api.db.status()]);
      set({ settings, appInfo, database, load: 'ready' });
    } catch (error) {
      set({ load: 'error', loadError: errorMessage(error) });
    }
  },
  async refreshDatabase() {
    try {
      set({ database: await api.db.status() });
    } catch {
      // The Data section keeps its last figures.
    }
  },
  async update(patch) {
    try {
      set({ settings: await api.settings.update(patch) });
      return {};
    } catch (error) {
      if (error instanceof AppError && error.fields) return error.fields;
      return { _: [errorMessage(error)] };
    }
  },
}));

/** Keeps the store in step when settings change elsewhere (another window, demo mode…). */
export function subscribeSettingsEvents(): () => void {
  return api.on('settings.changed', (settings) => useSettings.setState({ settings }));
}
