/**
 * A recording stand-in for the `electron` module (Electron cannot run here). It implements the
 * slice of Electron the shell uses, keeps Electron's ordering rules that matter (privileged
 * schemes before ready, protocol handlers after, one ipcMain handler per channel, quit runs
 * will-quit first), and records everything the shell sets up so a test can assert it.
 *
 * Use with `vi.mock('electron', () => standIn.module)`; `reset()` gives a fresh app between imports.
 */

type Listener = (...args: never[]) => unknown;

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class Emitter {
  readonly listeners = new Map<string, Listener[]>();

  on(name: string, listener: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }

  once(name: string, listener: Listener): this {
    return this.on(name, listener);
  }

  /** Calls the listeners of `name` as Electron would; the arguments are the test's to get right. */
  emit(name: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(name) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }

  count(name: string): number {
    return this.listeners.get(name)?.length ?? 0;
  }
}

export type WindowOpenHandler = (details: { url: string }) => { action: string };

export class FakeWebContents extends Emitter {
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly sent: { channel: string; payload: unknown }[] = [];

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;
export type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
export type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
export type ProtocolHandler = (request: Request) => Response | Promise<Response>;
export interface FakeIpcEvent {
  sender: FakeWebContents;
  senderFrame: { url: string; parent: object | null } | null;
}
export type IpcHandler = (event: FakeIpcEvent, input: unknown) => Promise<unknown>;

class AppState {
  ready = false;
  readonly readyGate = deferred<void>();
  readonly windowCreated = deferred<FakeBrowserWindow>();
  readonly quitted = deferred<void>();
  readonly exited = deferred<number>();
  readonly app = new Emitter();
  readonly paths = new Map<string, string>([['userData', '/nonexistent/userData']]);
  readonly windows: FakeBrowserWindow[] = [];
  readonly privilegedSchemes: unknown[] = [];
  readonly protocolHandlers = new Map<string, ProtocolHandler>();
  readonly ipcHandlers = new Map<string, IpcHandler>();
  readonly headersListeners: HeadersListener[] = [];
  /** System notifications the shell showed. */
  readonly notifications: { title: string; body: string }[] = [];
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  readonly errorBoxes: { title: string; content: string }[] = [];
  readonly openedExternally: string[] = [];
  /** Message boxes the shell showed, and the button index the next ones answer (the test sets it). */
  readonly messageBoxes: { window: FakeBrowserWindow | null; options: Record<string, unknown> }[] = [];
  messageBoxAnswer = 0;
  /** Tray icons the shell made (destroyed ones stay, marked). */
  readonly trays: FakeTray[] = [];
  quitCalls = 0;
  exitCode: number | null = null;

  constructor(readonly lockGranted: boolean) {}
}

let state = new AppState(true);

export class FakeBrowserWindow extends Emitter {
  static getAllWindows(): FakeBrowserWindow[] {
    return state.windows.filter((w) => !w.destroyed);
  }

  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  destroyed = false;
  minimized = false;
  maximized = false;
  visible = true;
  focused = 0;

  constructor(readonly options: Record<string, unknown>) {
    super();
    state.windows.push(this);
    // As in Electron, the window's web contents are announced while the window is being built.
    state.app.emit('web-contents-created', fakeEvent(), this.webContents);
    state.windowCreated.resolve(this);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focused += 1;
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  isVisible(): boolean {
    return this.visible && !this.destroyed;
  }
  /** Like a click on the window's close button: 'close' (preventable), then gone. */
  close(): void {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.emit('closed');
    if (FakeBrowserWindow.getAllWindows().length === 0) state.app.emit('window-all-closed');
  }
  getBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 0, y: 0, width: 1280, height: 820 };
  }
}

function mustBeReady(what: string): void {
  if (!state.ready) throw new Error(`${what} can only be used after the app is ready`);
}

const app = {
  requestSingleInstanceLock: (): boolean => state.lockGranted,
  on: (name: string, listener: Listener): unknown => state.app.on(name, listener),
  whenReady: (): Promise<void> => state.readyGate.promise,
  isReady: (): boolean => state.ready,
  getPath: (name: string): string => state.paths.get(name) ?? `/nonexistent/${name}`,
  setPath: (name: string, value: string): void => void state.paths.set(name, value),
  getName: (): string => 'WhatsApp Desk for SMSGlobal',
  getVersion: (): string => '0.0.0-stand-in',
  // As installed: no log lines on stderr.
  isPackaged: true,
  /**
   * Like Electron: before-quit, then every window is closed (a window that prevents its close
   * stops the quit), then will-quit, and only when nobody prevents it does the app quit.
   */
  quit: (): void => {
    state.quitCalls += 1;
    const before = fakeEvent();
    state.app.emit('before-quit', before);
    if (before.defaultPrevented) return;
    for (const window of FakeBrowserWindow.getAllWindows()) {
      const close = fakeEvent();
      window.emit('close', close);
      if (close.defaultPrevented) return;
      window.destroyed = true;
      window.emit('closed');
    }
    const event = fakeEvent();
    state.app.emit('will-quit', event);
    if (!event.defaultPrevented) state.quitted.resolve();
  },
  exit: (code = 0): void => {
    state.exitCode = code;
    state.exited.resolve(code);
  },
};

const defaultSession = {
  webRequest: {
    onHeadersReceived: (listener: HeadersListener): void => void state.headersListeners.push(listener),
  },
  setPermissionRequestHandler: (handler: PermissionRequestHandler | null): void => {
    state.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler: (handler: PermissionCheckHandler | null): void => {
    state.permissionCheckHandler = handler;
  },
};

const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]): void => {
    if (state.ready) throw new Error('registerSchemesAsPrivileged must be called before the app is ready');
    if (state.privilegedSchemes.length > 0) throw new Error('registerSchemesAsPrivileged can be called only once');
    state.privilegedSchemes.push(...schemes);
  },
  handle: (scheme: string, handler: ProtocolHandler): void => {
    mustBeReady('protocol.handle');
    if (state.protocolHandlers.has(scheme)) throw new Error(`${scheme} is already handled`);
    state.protocolHandlers.set(scheme, handler);
  },
};

const ipcMain = {
  handle: (channel: string, handler: IpcHandler): void => {
    if (state.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    state.ipcHandlers.set(channel, handler);
  },
  removeHandler: (channel: string): void => void state.ipcHandlers.delete(channel),
};

/** Electron's Notification: records what is shown. */
class FakeNotification extends Emitter {
  static isSupported(): boolean {
    return true;
  }

  constructor(private readonly options: { title: string; body: string }) {
    super();
  }

  show(): void {
    state.notifications.push({ title: this.options.title, body: this.options.body });
  }
}

export interface FakeMenuItem {
  label?: string;
  type?: string;
  click?: () => void;
}

/** Electron's Menu, as far as a tray's context menu needs it. */
class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}

  static buildFromTemplate(items: FakeMenuItem[]): FakeMenu {
    return new FakeMenu(items);
  }
}

/** Electron's Tray: records its icon, tooltip and menu; `click(label)` plays a menu click. */
export class FakeTray extends Emitter {
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;

  constructor(readonly image: { dataUrl: string }) {
    super();
    mustBeReady('new Tray');
    state.trays.push(this);
  }

  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  labels(): string[] {
    return (this.menu?.items ?? []).filter((i) => i.type !== 'separator').map((i) => i.label ?? '');
  }
  click(label: string): void {
    const item = this.menu?.items.find((i) => i.label === label);
    if (!item?.click) throw new Error(`the tray menu has no item “${label}”`);
    item.click();
  }
}

const nativeImage = {
  createFromDataURL: (dataUrl: string): { dataUrl: string } => {
    if (!dataUrl.startsWith('data:image/png;base64,')) throw new Error('not a PNG data URL');
    return { dataUrl };
  },
};

const electronModule = {
  app,
  Notification: FakeNotification,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Menu: FakeMenu,
  nativeImage,
  session: { defaultSession },
  protocol,
  ipcMain,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  shell: {
    openExternal: async (url: string): Promise<void> => void state.openedExternally.push(url),
  },
  dialog: {
    showErrorBox: (title: string, content: string): void => void state.errorBoxes.push({ title, content }),
    showMessageBox: async (window: FakeBrowserWindow | null, options: Record<string, unknown>): Promise<{ response: number }> => {
      state.messageBoxes.push({ window, options });
      return { response: state.messageBoxAnswer };
    },
    showSaveDialog: async (): Promise<{ canceled: boolean }> => ({ canceled: true }),
    showOpenDialog: async (): Promise<{ canceled: boolean; filePaths: string[] }> => ({ canceled: true, filePaths: [] }),
  },
  // No OS encryption here: the shell must then rely on the keychain alone.
  safeStorage: {
    isEncryptionAvailable: (): boolean => false,
    getSelectedStorageBackend: (): string => 'basic_text',
    encryptString: (): never => {
      throw new Error('safeStorage is not available');
    },
    decryptString: (): never => {
      throw new Error('safeStorage is not available');
    },
  },
};

export const electronStandIn = {
  module: { ...electronModule, default: electronModule },
  /** The app as the shell has set it up so far. */
  get state(): AppState {
    return state;
  },
  /** A fresh, not yet ready app; `lockGranted: false` plays a second instance. */
  reset(options: { lockGranted?: boolean } = {}): AppState {
    state = new AppState(options.lockGranted ?? true);
    return state;
  },
  /** Emits Electron's ready. */
  ready(): void {
    state.ready = true;
    state.readyGate.resolve();
  },
};

export type { AppState };
