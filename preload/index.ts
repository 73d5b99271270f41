import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildBridgeApi } from '../shared/bridge';

/**
 * The Electron preload: exposes exactly the contract's operations as window.api. No raw
 * ipcRenderer, no generic invoke, no Node globals reach the page.
 */
const api = buildBridgeApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe: (event, listener) => {
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(event, handler);
    return () => {
      ipcRenderer.removeListener(event, handler);
    };
  },
});

contextBridge.exposeInMainWorld('api', api);
