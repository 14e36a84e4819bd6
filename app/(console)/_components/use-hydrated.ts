import { useSyncExternalStore } from "react";

const never = () => () => {};

/** False in the server's HTML, true once React is attached: a control that needs JavaScript waits for it. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
