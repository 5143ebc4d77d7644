import {useCallback, useReducer, useRef} from 'react';

/**
 * A reducer whose newest state can be read at once, not after the next render: each key of a burst must be decided
 * on the state the key before it left, and React only hands that state over when it renders again.
 */
export function useSyncReducer<State, Action>(reducer: (state: State, action: Action) => State, initial: () => State): [State, (action: Action) => void, () => State] {
	const state = useRef<{value: State} | undefined>(undefined);
	state.current ??= {value: initial()};
	const [, rerender] = useReducer((count: number) => count + 1, 0);
	const dispatch = useCallback(
		(action: Action) => {
			const next = reducer(state.current!.value, action);
			if (next !== state.current!.value) {
				state.current = {value: next};
				rerender();
			}
		},
		// The reducer is a module function.
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[],
	);
	const getState = useCallback(() => state.current!.value, []);
	return [state.current.value, dispatch, getState];
}
