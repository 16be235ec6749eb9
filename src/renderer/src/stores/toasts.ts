// Short notices at the window's edge ("Key deleted" with Undo, "Copied"). Only words and a callback:
// a toast never carries a secret.
import { createStore } from 'zustand/vanilla';

export interface Toast {
  id: number;
  title: string;
  description?: string;
  tone: 'info' | 'error';
  action?: { label: string; altText: string; run: () => void };
}

export interface ToastsStore {
  toasts: Toast[];
  push(toast: Omit<Toast, 'id' | 'tone'> & { tone?: Toast['tone'] }): void;
  dismiss(id: number): void;
}

export function createToastsStore() {
  let next = 1;
  return createStore<ToastsStore>()((set, get) => ({
    toasts: [],
    push: (toast) => set({ toasts: [...get().toasts, { tone: 'info', ...toast, id: next++ }] }),
    dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  }));
}
