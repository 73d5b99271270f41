import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { channels } from '../../shared/contract';
import { fail } from '../../shared/result';
import type { Dispatch } from './dispatch';

/**
 * Registers every contract channel with ipcMain. This module and the preload are the only
 * places allowed to touch Electron's IPC objects (enforced by lint). Each call first checks
 * that it comes from our own top-level page (GitHub Desktop's trusted-ipc-sender).
 */
export function registerContract(dispatch: Dispatch, isTrusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrusted(event)) {
        return fail({ code: 'forbidden', message: 'This request did not come from the app window.' });
      }
      return dispatch(channel, input);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
