// The shapes of the reports test/main/glue-driver.mjs writes (one JSON file per run), typed only as
// far as glue.test.ts reads them. The driver is plain JavaScript run in its own Node process, so
// these types are a contract between the two files, not a check on the driver.
export interface IpcAnswer {
  ok: boolean;
  value?: { exists: boolean; unlocked: boolean };
  error?: { code: string };
}
export interface EndpointSeen {
  discoveryFile: boolean;
  answered: boolean;
  status?: number;
}
export interface GlueReport {
  error?: string;
  beforeReady: { calls: string[]; schemePrivilegedBeforeReady: boolean; privilegedSchemes: unknown[] };
  window: {
    webPreferences: Record<string, unknown>;
    preloadExists: boolean;
    preloadFile: string;
    loadedUrl: string;
    shownWhenReady: boolean;
  };
  protocol: {
    schemes: string[];
    indexStatus: number;
    indexIsHtml: boolean;
    csp: string | null;
    traversalStatus: number;
    otherHostStatus: number;
  };
  permissions: Record<string, boolean>;
  navigation: {
    foreignPrevented: boolean;
    providerPrevented: boolean;
    openedExternally: string[];
    windowOpen: unknown;
  };
  ipc: Record<string, IpcAnswer> & { handleCounts: Record<string, number> };
  endpointAtStart: EndpointSeen;
  trayUnlocked: string[];
  expiryNotice: { shown: boolean; mentionsSecret: boolean };
  clipboard: { ok: boolean; items: number; holdsSecret: boolean; markers: Record<string, string> };
  noticeClick: { windowShown: boolean; navigated: unknown[] };
  powerHooks: string[];
  afterSuspend: { status: IpcAnswer; clipboardText: string; trayLabels: string[] };
  hideOnClose: {
    destroyed: boolean;
    visible: boolean;
    newNotices: unknown[];
    quitRequested: number;
    endpoint: EndpointSeen;
  };
  trayOpen: { visible: boolean };
  activate: { visible: boolean; windows: number };
  trayLock: { unlocked: boolean; labelsUnlocked: string[]; status: IpcAnswer };
  quit: {
    endpointBefore: EndpointSeen;
    endpointAfter: EndpointSeen;
    statesDuringQuit: string[];
    trayDestroyed: boolean;
    windowDestroyed: boolean;
    exitCode: number | null;
  };
  events: string[];
}
export interface NoTrayReport {
  error?: string;
  trays: number;
  endpointAtStart: EndpointSeen;
  afterClose: { destroyed: boolean; notices: number; endpoint?: EndpointSeen; quitRequested?: number };
  activate?: { windows: number; visibleAfterReady: boolean };
  quit: { endpointAfter: EndpointSeen; quitRequested: number };
}
export interface SecondInstanceReport {
  error?: string;
  calls: string[];
  ipcHandlers: number;
  windows: number;
  quitRequested: number;
}
