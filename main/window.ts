import path from 'node:path';
import { BrowserWindow, screen, session } from 'electron';
import type { AppStateStore } from './core/db/settings-store';
import type { Logger } from './core/log';
import {
  allowNavigation,
  CONTENT_SECURITY_POLICY_HEADER,
  MIN_WINDOW_SIZE,
  restoreBounds,
  windowOpenAction,
} from './core/window-rules';
import { RENDERER_INDEX_URL } from './core/renderer-scheme';

const BOUNDS_KEY = 'window.bounds';
const MAXIMIZED_KEY = 'window.maximized';

/** The built renderer, beside the bundled main (out/main → out/renderer), served as app://renderer/. */
export const RENDERER_DIR = path.join(__dirname, '../renderer');

/** Where the renderer comes from: the dev server while developing, the app:// scheme otherwise. */
export function rendererUrl(): string {
  return process.env['ELECTRON_RENDERER_URL'] || RENDERER_INDEX_URL;
}

/** The hardened main window (Electron's security checklist). */
export function createMainWindow(appState: AppStateStore, log: Logger): BrowserWindow {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = restoreBounds(appState.read(BOUNDS_KEY), displays);
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'WhatsApp Desk for SMSGlobal',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: true,
    },
  });
  if (appState.read(MAXIMIZED_KEY) === true) window.maximize();

  window.once('ready-to-show', () => window.show());
  const saveBounds = (): void => {
    if (window.isDestroyed()) return;
    appState.write(MAXIMIZED_KEY, window.isMaximized());
    if (!window.isMaximized() && !window.isMinimized()) appState.write(BOUNDS_KEY, window.getBounds());
  };
  window.on('close', saveBounds);
  window.on('moved', saveBounds);
  window.on('resized', saveBounds);

  void window.loadURL(rendererUrl()).catch((error: unknown) => log.error('could not load the renderer', { error }));
  return window;
}

/** Rules for every web contents the app ever creates, installed once at start-up. */
export function hardenWebContents(): void {
  // The CSP is in index.html's meta tag and on every app:// answer; this adds it to any other
  // response the session receives. The dev server's page keeps its relaxed meta policy (HMR).
  if (!process.env['ELECTRON_RENDERER_URL']) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER] },
      });
    });
  }
  // No permission (camera, notifications, geolocation, clipboard…) is ever needed by the renderer:
  // requests are refused, and checks (which Chromium makes without asking) answer no.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export function guardContents(contents: Electron.WebContents, log: Logger): void {
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url)) {
      event.preventDefault();
      log.warn('navigation cancelled', { url });
    }
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // The renderer opens links only through app.openExternal (where a customer's link has been
    // confirmed first); window.open and target=_blank never open anything.
    log.warn('window.open refused', { url });
    return windowOpenAction(url);
  });
}
