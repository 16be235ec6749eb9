// Renders the toasts store with Radix Toast: announced to screen readers, paused while hovered or
// focused, reachable with F8, and each one's action (Undo) is a real button.
import { Toast } from 'radix-ui';
import { toastsStore, useToasts } from '../stores/index';

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = (id: number) => toastsStore.getState().dismiss(id);
  return (
    <>
      {toasts.map((toast) => (
        <Toast.Root
          key={toast.id}
          className={`toast toast-${toast.tone}`}
          duration={toast.action ? 10_000 : 5_000}
          onOpenChange={(open) => {
            if (!open) dismiss(toast.id);
          }}
        >
          <Toast.Title className="toast-title">{toast.title}</Toast.Title>
          {toast.description !== undefined && (
            <Toast.Description className="toast-description">{toast.description}</Toast.Description>
          )}
          {toast.action && (
            <Toast.Action className="btn btn-small" altText={toast.action.altText} onClick={toast.action.run}>
              {toast.action.label}
            </Toast.Action>
          )}
          <Toast.Close className="btn btn-ghost btn-small" aria-label="Dismiss">
            ×
          </Toast.Close>
        </Toast.Root>
      ))}
      <Toast.Viewport className="toast-viewport" label="Notifications ({hotkey})" />
    </>
  );
}
