// The keys domain store: the list slice (load, filter, change, delete and undo) and the secrets
// slice (reveal, copy) over one state. Created with its dependencies so tests pass fakes.
import { createStore } from 'zustand/vanilla';
import { listSlice } from './list-slice';
import { secretsSlice } from './secrets-slice';
import { initialKeysState, type KeysDeps, type KeysStore } from './types';

export function createKeysStore(deps: KeysDeps) {
  return createStore<KeysStore>()((set, get) => ({
    ...initialKeysState,
    ...listSlice(deps, set, get),
    ...secretsSlice(deps, set, get),
  }));
}
