// The Import screen's "Choose a file" in Electron: the OS open dialog, attached to the main window.
// Glue only: the chosen path goes straight to the desktop's import service in main, so the
// renderer never sends a path of its own making.
import { dialog, type BrowserWindow } from 'electron';

export function chooseImportFile(window: () => BrowserWindow | null): () => Promise<string | null> {
  return async () => {
    const options: Electron.OpenDialogOptions = {
      title: 'Choose a file with keys',
      properties: ['openFile', 'showHiddenFiles'],
    };
    const parent = window();
    const result = parent
      ? await dialog.showOpenDialog(parent, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
