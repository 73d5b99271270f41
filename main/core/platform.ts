/**
 * What core services need from the host they run in. The Electron shell implements it with
 * shell/dialog; the web preview implements it by asking the browser page (through its bridge)
 * to open a tab or download a file. Core code never imports 'electron'.
 */
export interface Platform {
  /** Opens an already-vetted https URL in the user's browser. */
  openExternal(url: string): Promise<void>;
  /**
   * Lets the user save a file (a save dialog on the desktop, a download in the browser).
   * Resolves to false when the user cancelled.
   */
  saveFile(suggestedName: string, contents: Uint8Array, mimeType: string): Promise<{ saved: boolean; location?: string }>;
  /**
   * Lets the user choose a file to open (an open dialog on the desktop); resolves to its path, or
   * null when the user cancelled. Hosts without a dialog main can open (the web preview) leave it
   * out: there the page sends the file's bytes instead.
   */
  pickFile?(options: { title: string; filters: { name: string; extensions: string[] }[] }): Promise<string | null>;
}
