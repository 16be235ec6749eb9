// The browser clipboard, for text that is not a secret only (a command line, an environment variable
// name). Keys, tokens and the recovery key are copied by main through clipboard:copySecret and
// clipboard:copyOneTime, which add the platform's concealment markers and clear them later.
export interface ClipboardPort {
  writeText(text: string): Promise<void>;
}

export const browserClipboard: ClipboardPort = {
  writeText: (text) => navigator.clipboard.writeText(text),
};
