import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channels } from '../../shared/contract';
import { RENDERER_INDEX_URL } from '../../main/core/renderer-scheme';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../main/core/window-rules';
import { CLOSE_WHILE_SENDING, TRAY_MENU, TRAY_TOOLTIP } from '../../main/core/background';
import type { CampaignSummary } from '../../shared/campaign-runs';
import type { CheckStatus, DraftSummary } from '../../shared/campaigns';
import { customerCsv, mappingFor, settingsFor } from '../helpers/campaigns';
import { fakeEvent, FakeWebContents, type AppState, type FakeBrowserWindow, type FakeIpcEvent } from '../helpers/electron-stand-in';
import { simulator } from '../helpers/simulator';
import { tempDir } from '../helpers/temp';

/**
 * The Electron shell (main/index.ts, main/window.ts, main/renderer-protocol.ts,
 * main/ipc/register.ts) run for real against a recording stand-in for the `electron` module,
 * over real core services in a temp data folder. Electron cannot run here; this proves what the
 * shell sets up: the window's webPreferences, every navigation, window-open and permission
 * handler, the CSP header, the app:// scheme, one IPC handler per contract channel behind the
 * sender check, and the single-instance lock.
 */

const { electronStandIn } = await vi.hoisted(async () => import('../helpers/electron-stand-in'));
vi.mock('electron', () => electronStandIn.module);

const root = path.resolve(__dirname, '../..');
const savedEnv = { ...process.env };

beforeEach(() => {
  delete process.env['ELECTRON_RENDERER_URL'];
  process.env['APP_KEYCHAIN_SERVICE'] = 'WhatsApp Desk shell tests';
});

afterEach(async () => {
  // Quit the app the test started: will-quit closes the services before the app goes.
  const state = electronStandIn.state;
  if (state.windows.length > 0 && state.quitCalls === 0) {
    (await import('electron')).app.quit();
    await state.quitted.promise;
  }
  process.env = { ...savedEnv };
});

/** Imports the shell's entry as Electron would run it, on a fresh stand-in app. */
async function launch(options: { lockGranted?: boolean; env?: Record<string, string> } = {}): Promise<AppState> {
  const state = electronStandIn.reset(options.lockGranted === undefined ? {} : { lockGranted: options.lockGranted });
  process.env['APP_DATA_DIR'] = tempDir();
  Object.assign(process.env, options.env ?? {});
  vi.resetModules();
  await import('../../main/index');
  return state;
}

/** Launches, emits ready, and waits for the main window. */
async function launchReady(env?: Record<string, string>): Promise<{ state: AppState; window: FakeBrowserWindow }> {
  const state = await launch(env ? { env } : {});
  electronStandIn.ready();
  const window = await state.windowCreated.promise;
  return { state, window };
}

function ipcEvent(sender: FakeWebContents, url: string | null, parent: object | null = null): FakeIpcEvent {
  return { sender, senderFrame: url === null ? null : { url, parent } };
}

/** Calls the contract as the window's page does; the value, or the test fails with the refusal. */
async function ask<T>(state: AppState, window: FakeBrowserWindow, channel: string, input: unknown): Promise<T> {
  const handler = state.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const result = (await handler(ipcEvent(window.webContents, RENDERER_INDEX_URL), input)) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

/** Signs in to a simulator and starts a slow campaign (30 customers at 1 a second) through the window's IPC. */
async function sendingCampaign(state: AppState, window: FakeBrowserWindow): Promise<CampaignSummary> {
  const account = { key: 'shell-key', secret: 'shell-secret-0123456789' };
  const sim = await simulator({ accounts: [account], replyRate: 0 });
  await ask(state, window, 'settings.update', { apiBaseUrl: sim.url, defaultCountry: 'AU', timeZone: sim.timeZone });
  await ask(state, window, 'account.save', account);
  const draft = await ask<DraftSummary>(state, window, 'campaignDrafts.upload', { fileName: 'customers.csv', base64: customerCsv(30).toString('base64') });
  await ask(state, window, 'campaignDrafts.setMapping', mappingFor(draft.draftId));
  await ask(state, window, 'campaignDrafts.check', { draftId: draft.draftId });
  await vi.waitFor(async () => expect((await ask<CheckStatus>(state, window, 'campaignDrafts.status', { draftId: draft.draftId })).state).toBe('done'), { timeout: 10_000 });
  const summary = await ask<CampaignSummary>(state, window, 'campaigns.confirm', { draftId: draft.draftId, settings: settingsFor({ pacePerSecond: 1 }) });
  expect(summary.state).toBe('sending');
  return summary;
}

/** Lets the dialog's answer (a resolved promise) reach the shell. */
const answered = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('the Electron shell', () => {
  it('a second instance quits at once and sets nothing up', async () => {
    const state = await launch({ lockGranted: false });
    expect(state.quitCalls).toBe(1);
    await state.quitted.promise;
    expect(state.privilegedSchemes).toEqual([]);
    expect(state.app.listeners.size).toBe(0);
    expect(state.windows).toEqual([]);
  });

  it('declares app:// privileged before ready, with no more privileges than it needs', async () => {
    const state = await launch();
    // The stand-in throws when this happens after ready, as Electron refuses it.
    expect(state.ready).toBe(false);
    expect(state.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(state.app.count('second-instance')).toBe(1);
    electronStandIn.ready();
    await state.windowCreated.promise;
  });

  it('opens one hardened window on app://renderer/index.html', async () => {
    const { state, window } = await launchReady();
    expect(window.options['webPreferences']).toEqual({
      preload: path.join(root, 'preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: true,
    });
    expect(window.options['show']).toBe(false);
    expect(window.loadedUrls).toEqual([RENDERER_INDEX_URL]);
    expect(state.windows).toHaveLength(1);

    // A second launch focuses this window instead of opening another.
    window.minimized = true;
    state.app.emit('second-instance', fakeEvent(), [], root);
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
  });

  it('serves the built renderer over app:// with the CSP, and nothing outside its folder', async () => {
    const { state } = await launchReady();
    const handler = state.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    if (!handler) return;
    const index = await handler(new Request(RENDERER_INDEX_URL));
    expect(index.status).toBe(200);
    // Beside main/ in the sources, as out/renderer is beside out/main in the bundle.
    expect(await index.text()).toBe(fs.readFileSync(path.join(root, 'renderer/index.html'), 'utf8'));
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');

    for (const url of ['app://renderer/..%2fpackage.json', 'app://renderer/%2e%2e%2f%2e%2e%2fpackage.json', 'app://evil/index.html', 'app://renderer/index.html%00']) {
      const refused = await handler(new Request(url));
      expect(refused.status, url).toBeGreaterThanOrEqual(400);
      expect(await refused.text(), url).toBe('');
    }
    expect((await handler(new Request(RENDERER_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('cancels every navigation, redirect, webview and window.open of every web contents', async () => {
    const { state, window } = await launchReady();
    // The main window's contents, and any other the app might ever create.
    const other = new FakeWebContents();
    state.app.emit('web-contents-created', fakeEvent(), other);
    for (const contents of [window.webContents, other]) {
      for (const url of ['https://evil.example/', RENDERER_INDEX_URL, 'file:///etc/passwd']) {
        const navigate = fakeEvent();
        contents.emit('will-navigate', navigate, url);
        expect(navigate.defaultPrevented, url).toBe(true);
      }
      const redirect = fakeEvent();
      contents.emit('will-redirect', redirect, 'https://evil.example/');
      expect(redirect.defaultPrevented).toBe(true);
      const webview = fakeEvent();
      contents.emit('will-attach-webview', webview, {}, {});
      expect(webview.defaultPrevented).toBe(true);
      expect(contents.windowOpenHandler?.({ url: 'https://www.smsglobal.com/' })).toEqual({ action: 'deny' });
      expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    }
    // window.open is not a way around the link confirmation: nothing was opened.
    expect(state.openedExternally).toEqual([]);
  });

  it('denies every permission request and every permission check', async () => {
    const { state, window } = await launchReady();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'fullscreen', 'openExternal']) {
      const answers: boolean[] = [];
      state.permissionRequestHandler?.(window.webContents, permission, (granted) => answers.push(granted), {});
      expect(answers, permission).toEqual([false]);
      expect(state.permissionCheckHandler?.(window.webContents, permission, 'app://renderer', {}), permission).toBe(false);
    }
    expect(state.permissionRequestHandler).not.toBeNull();
    expect(state.permissionCheckHandler).not.toBeNull();
  });

  it('adds the CSP header to responses', async () => {
    const { state } = await launchReady();
    expect(state.headersListeners).toHaveLength(1);
    const answers: unknown[] = [];
    state.headersListeners[0]?.({ url: 'https://example.com/', responseHeaders: { 'X-Other': ['1'] } }, (response) => answers.push(response));
    expect(answers).toEqual([{ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER] } }]);
  });

  it('registers exactly one IPC handler per contract channel, each behind the sender check', async () => {
    const { state, window } = await launchReady();
    expect([...state.ipcHandlers.keys()].sort()).toEqual([...channels].sort());
    const info = state.ipcHandlers.get('app.info');
    expect(info).toBeDefined();
    if (!info) return;

    const trusted = await info(ipcEvent(window.webContents, `${RENDERER_INDEX_URL}#/inbox`), null);
    expect(trusted).toMatchObject({ ok: true, value: { dataDir: process.env['APP_DATA_DIR'] } });

    const forbidden = { ok: false, error: { code: 'forbidden' } };
    const otherContents = new FakeWebContents();
    for (const [what, event] of [
      ['another web contents', ipcEvent(otherContents, RENDERER_INDEX_URL)],
      ['a child frame', ipcEvent(window.webContents, RENDERER_INDEX_URL, {})],
      ['a foreign page', ipcEvent(window.webContents, 'https://evil.example/')],
      ['a file page', ipcEvent(window.webContents, 'file:///tmp/evil.html')],
      ['a data page', ipcEvent(window.webContents, 'data:text/html,x')],
      ['no frame', ipcEvent(window.webContents, null)],
    ] as const) {
      expect(await info(event, null), what).toMatchObject(forbidden);
    }

    // A trusted call reaches the core, and the core's events come back to the window.
    const update = state.ipcHandlers.get('settings.update');
    expect(await update?.(ipcEvent(window.webContents, RENDERER_INDEX_URL), { theme: 'dark' })).toMatchObject({ ok: true, value: { theme: 'dark' } });
    expect(window.webContents.sent).toContainEqual({ channel: 'settings.changed', payload: expect.objectContaining({ theme: 'dark' }) as unknown });
    // A refused call changed nothing.
    expect(await update?.(ipcEvent(otherContents, RENDERER_INDEX_URL), { theme: 'light' })).toMatchObject(forbidden);
    expect(window.webContents.sent.filter((m) => m.channel === 'settings.changed')).toHaveLength(1);
  });

  it('with the dev server, loads and trusts only the dev server', async () => {
    const devUrl = 'http://localhost:5173/';
    const { state, window } = await launchReady({ ELECTRON_RENDERER_URL: devUrl });
    expect(window.loadedUrls).toEqual([devUrl]);
    // The dev page keeps Vite's relaxed meta policy (HMR); no header is forced on it.
    expect(state.headersListeners).toHaveLength(0);
    const info = state.ipcHandlers.get('app.info');
    expect(await info?.(ipcEvent(window.webContents, 'http://localhost:5173/#/x'), null)).toMatchObject({ ok: true });
    expect(await info?.(ipcEvent(window.webContents, 'http://localhost:5174/'), null)).toMatchObject({ ok: false });
    expect(await info?.(ipcEvent(window.webContents, RENDERER_INDEX_URL), null)).toMatchObject({ ok: false });
  });

  it('quitting waits for the services to close', async () => {
    const { state } = await launchReady();
    (await import('electron')).app.quit();
    // will-quit held the quit back, closed the databases and the sync thread, then quit again.
    await state.quitted.promise;
    expect(state.quitCalls).toBe(2);
  });

  it('closing the window while a campaign sends asks; keeping it sending lives in the tray until shown again or quit', async () => {
    const { state, window } = await launchReady();
    const campaign = await sendingCampaign(state, window);

    // Cancel: nothing changes.
    state.messageBoxAnswer = CLOSE_WHILE_SENDING.cancelId;
    window.close();
    await answered();
    expect(state.messageBoxes).toHaveLength(1);
    expect(state.messageBoxes[0]).toMatchObject({ window, options: { message: CLOSE_WHILE_SENDING.message, buttons: [...CLOSE_WHILE_SENDING.buttons] } });
    expect(window.isVisible()).toBe(true);
    expect(state.trays).toEqual([]);

    // Keep sending: the window goes, the app stays in the tray, and the campaign goes on.
    state.messageBoxAnswer = 0;
    window.close();
    await answered();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
    const [tray] = state.trays;
    expect(tray?.tooltip).toBe(TRAY_TOOLTIP);
    expect(tray?.labels()).toEqual([TRAY_MENU.show, TRAY_MENU.quit]);
    state.app.emit('window-all-closed');
    expect(state.quitCalls).toBe(0);
    const accepted = (await ask<CampaignSummary>(state, window, 'campaigns.get', { id: campaign.id })).counts.accepted;
    await vi.waitFor(async () => expect((await ask<CampaignSummary>(state, window, 'campaigns.get', { id: campaign.id })).counts.accepted).toBeGreaterThan(accepted), { timeout: 5_000 });

    // Show window: back, and the tray icon goes.
    tray?.click(TRAY_MENU.show);
    expect(window.isVisible()).toBe(true);
    expect(tray?.destroyed).toBe(true);

    // To the tray again; launching the app again brings the window back too.
    window.close();
    await answered();
    expect(window.isVisible()).toBe(false);
    state.app.emit('second-instance', fakeEvent(), [], root);
    expect(window.isVisible()).toBe(true);
    expect(state.trays.at(-1)?.destroyed).toBe(true);

    // To the tray once more, then Quit from its menu: quits without asking again.
    window.close();
    await answered();
    expect(state.messageBoxes).toHaveLength(4);
    state.trays.at(-1)?.click(TRAY_MENU.quit);
    await state.quitted.promise;
    expect(state.messageBoxes).toHaveLength(4);
  });

  it('“stop and quit” quits while a campaign sends; with none sending, closing asks nothing', async () => {
    const { state, window } = await launchReady();
    await sendingCampaign(state, window);
    state.messageBoxAnswer = 1;
    window.close();
    await answered();
    await state.quitted.promise;
    expect(state.messageBoxes).toHaveLength(1);
    expect(state.trays).toEqual([]);

    // A fresh start with nothing sending: the window just closes, and the app quits (not on macOS).
    const next = await launchReady();
    next.window.close();
    expect(next.state.messageBoxes).toEqual([]);
    expect(next.window.isDestroyed()).toBe(true);
    if (process.platform !== 'darwin') await next.state.quitted.promise;
  });

  it('a data folder it cannot open is explained in a dialog and the app exits', async () => {
    const file = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(file, '');
    const state = await launch({ env: { APP_DATA_DIR: file } });
    electronStandIn.ready();
    expect(await state.exited.promise).toBe(1);
    expect(state.errorBoxes).toEqual([{ title: 'WhatsApp Desk cannot start', content: `The app could not open its data folder (${file}).` }]);
    expect(state.windows).toEqual([]);
  });
});
