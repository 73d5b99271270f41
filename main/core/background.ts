/**
 * Closing the desktop window while a campaign sends: the shell asks whether to keep sending in
 * the background (the app stays in the system tray) or to stop and quit (the campaign goes on by
 * itself the next time the app opens, as after any restart). The words and the choice live here;
 * the Electron calls are main/background.ts's.
 */

export const CLOSE_WHILE_SENDING = {
  type: 'question',
  title: 'A campaign is sending',
  message: 'A campaign is still sending. Keep sending in the background?',
  detail:
    'Keep sending: the window closes and the app stays in the system tray until the campaign is done; open it again from the tray. Stop and quit: nothing more is sent now, and the campaign goes on by itself when you open the app again.',
  buttons: ['Keep sending in the background', 'Stop and quit', 'Cancel'],
  defaultId: 0,
  cancelId: 2,
  noLink: true,
} as const;

export type CloseChoice = 'background' | 'quit' | 'stay';

/** The dialog's answer (its button index) as what to do. */
export function closeChoice(response: number): CloseChoice {
  if (response === 0) return 'background';
  if (response === 1) return 'quit';
  return 'stay';
}

export const TRAY_TOOLTIP = 'WhatsApp Desk for SMSGlobal: sending in the background';
export const TRAY_MENU = { show: 'Show window', quit: 'Quit' } as const;

/** The tray's icon (32×32 PNG: the app's green round mark with three dots), so it ships inside the bundle. */
export const TRAY_ICON_DATA_URL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAxUlEQVR42tVXuQ2AMAxkAgpvlhUyiCtKt1khs2QXz4CCkEyDIiA8trF0TaLoDvwPw58MCAMQJiAsQMhAOAtYzta78DbpCISTkNSLYHkzPiWPncQtIfEueXpAvEfqJc8vkm/IFl/e9yfE5/VjxKNoZwUB3MwOSZuqhKklgBUFcKvCVWUErcg/zwip49oCyiX/7+3u+WEcSEfTFjC7EmDuAvMgNE9D20JkXoq9NCPbdmw+kLgYyVwMpS7GcheLiYvVzMVy+rUtPIFPM/yejNsAAAAASUVORK5CYII=';
