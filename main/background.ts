import { app, dialog, Menu, nativeImage, Tray, type BrowserWindow } from 'electron';
import { CLOSE_WHILE_SENDING, closeChoice, TRAY_ICON_DATA_URL, TRAY_MENU, TRAY_TOOLTIP } from './core/background';
import type { Logger } from './core/log';

/**
 * Keeps campaigns sending when the user closes the window (main/core/background.ts has the
 * words and the rule): closing while a campaign sends asks; "keep sending" hides the window and
 * puts the app in the tray (show window, quit), so window-all-closed never ends it; "stop and
 * quit" quits (the campaign resumes by itself at the next start). Quitting itself never asks.
 */
export class BackgroundMode {
  private quitting = false;
  private tray: Tray | null = null;

  constructor(
    private readonly options: { isSending(): boolean; window(): BrowserWindow | null; log: Logger },
  ) {
    app.on('before-quit', () => {
      this.quitting = true;
    });
  }

  /** True while the app lives in the tray: closing its last window does not end it. */
  get active(): boolean {
    return this.tray !== null;
  }

  watch(window: BrowserWindow): void {
    window.on('close', (event: Electron.Event) => {
      if (this.quitting || !this.options.isSending()) return;
      event.preventDefault();
      void dialog
        .showMessageBox(window, { ...CLOSE_WHILE_SENDING, buttons: [...CLOSE_WHILE_SENDING.buttons] })
        .then(({ response }) => {
          const choice = closeChoice(response);
          this.options.log.info('window closed while a campaign was sending', { choice });
          if (choice === 'background') this.toTray(window);
          else if (choice === 'quit') app.quit();
        })
        .catch((error: unknown) => this.options.log.error('could not ask about closing while sending', { error }));
    });
  }

  private toTray(window: BrowserWindow): void {
    if (!this.tray) {
      const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL));
      tray.setToolTip(TRAY_TOOLTIP);
      tray.setContextMenu(
        Menu.buildFromTemplate([
          { label: TRAY_MENU.show, click: () => this.show() },
          { type: 'separator' },
          { label: TRAY_MENU.quit, click: () => app.quit() },
        ]),
      );
      tray.on('click', () => this.show());
      this.tray = tray;
    }
    window.hide();
  }

  /** Back from the tray: the window again, and no tray icon. */
  show(): void {
    const window = this.options.window();
    if (window && !window.isDestroyed()) {
      window.show();
      window.focus();
    }
    this.tray?.destroy();
    this.tray = null;
  }
}
