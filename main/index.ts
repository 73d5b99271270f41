import { app, BrowserWindow, dialog, Notification, shell } from 'electron';
import fs from 'node:fs/promises';
import { AppError } from '../shared/result';
import { BackgroundMode } from './background';
import { DatabaseTooNewError } from './core/db/migrate';
import { createServices, stderrSink, type Services } from './core/services';
import { openKeychain } from './core/secrets/keychain';
import { safeStorageCandidate } from './safe-storage';
import type { Platform } from './core/platform';
import { isTrustedSenderUrl } from './core/window-rules';
import { createDispatcher } from './ipc/dispatch';
import { createHandlers } from './ipc/handlers';
import { registerContract } from './ipc/register';
import { startDemoServer } from './simulator/demo';
import { createMainWindow, guardContents, hardenWebContents, RENDERER_DIR, rendererUrl } from './window';
import { registerRendererScheme, serveRenderer } from './renderer-protocol';

/**
 * The Electron shell: lifecycle, the window, and wiring the core services to IPC. Everything
 * with real logic lives in main/core, which runs (and is tested) in plain Node.
 */

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  registerRendererScheme();
  // APP_DATA_DIR lets tests and side-by-side installs use their own folder.
  const dataDir = process.env['APP_DATA_DIR'] ?? app.getPath('userData');
  app.setPath('userData', dataDir);
  let mainWindow: BrowserWindow | null = null;
  let services: Services | null = null;
  let background: BackgroundMode | null = null;

  app.on('second-instance', () => {
    // Started again while sending from the tray: the window comes back.
    if (background?.active) return background.show();
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    if (services) guardContents(contents, services.log);
  });

  app.on('window-all-closed', () => {
    // In the tray, a campaign is sending: the app goes on without a window.
    if (background?.active) return;
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting waits for the databases to close and the sync thread to end.
  app.on('will-quit', (event) => {
    const closing = services;
    if (!closing) return;
    services = null;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });

  const platform: Platform = {
    openExternal: (url) => shell.openExternal(url),
    async saveFile(suggestedName, contents) {
      const options = { defaultPath: suggestedName };
      const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return { saved: false };
      await fs.writeFile(result.filePath, contents);
      return { saved: true, location: result.filePath };
    },
    async pickFile({ title, filters }) {
      const options = { title, filters, properties: ['openFile' as const] };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };

  void app.whenReady().then(async () => {
    try {
      services = await createServices({
        dataDir,
        appName: app.getName(),
        appVersion: app.getVersion(),
        platform,
        logSinks: app.isPackaged ? [] : [stderrSink],
        secretStores: {
          keychain: () => openKeychain(),
          encryptedFile: () => safeStorageCandidate(dataDir),
          allowMemory: false,
        },
        envBaseUrl: process.env['SMSGLOBAL_API_URL'],
        autoSync: true,
        appKind: 'desktop',
        startDemoServer,
        systemNotifications: Notification.isSupported(),
      });
    } catch (error) {
      const message =
        error instanceof DatabaseTooNewError || error instanceof AppError
          ? error.message
          : `The app could not open its data folder (${dataDir}).`;
      dialog.showErrorBox('WhatsApp Desk cannot start', message);
      app.exit(1);
      return;
    }
    const ready = services;
    hardenWebContents();
    serveRenderer(RENDERER_DIR, ready.log);
    const appUrl = rendererUrl();
    registerContract(createDispatcher(createHandlers(ready), ready.log), (event) => {
      const frame = event.senderFrame;
      return (
        mainWindow !== null &&
        event.sender === mainWindow.webContents &&
        frame !== null &&
        frame.parent === null &&
        isTrustedSenderUrl(frame.url, appUrl)
      );
    });
    mainWindow = createMainWindow(ready.appState, ready.log);
    const keep = new BackgroundMode({ isSending: () => ready.campaigns.isSending(), window: () => mainWindow, log: ready.log });
    background = keep;
    keep.watch(mainWindow);
    ready.events.subscribe(({ event, payload }) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(event, payload);
    });
    // New customer messages (core decided a notice is due): shown only while the window is in the background.
    ready.events.subscribe(({ event, payload }) => {
      if (event !== 'messages.incoming' || !Notification.isSupported() || (mainWindow?.isFocused() ?? false)) return;
      new Notification({ title: payload.title, body: payload.body }).on('click', () => mainWindow?.show()).show();
    });
    app.on('activate', () => {
      if (background?.active) return background.show();
      if (BrowserWindow.getAllWindows().length === 0) {
        mainWindow = createMainWindow(ready.appState, ready.log);
        keep.watch(mainWindow);
      }
    });
  });
}
