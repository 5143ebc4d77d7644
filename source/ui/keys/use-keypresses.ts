import {useEffect, useRef} from 'react';
import {useStdin} from 'ink';
import {createKeyDecoder, interruptedPasteMs, type Keypress, unfinishedPasteMs} from './decode-keys.js';

/**
 * Calls the handler once per key, in the order the keys came, however many came in one read. The app has one such
 * listener, which routes each key by the newest state: with a listener per component, keys that arrive together
 * would reach the components of the screen drawn before the first of them changed it.
 */
export function useKeypresses(handler: (keypress: Keypress) => void, {isActive = true}: {isActive?: boolean} = {}): void {
	const {setRawMode, internal_eventEmitter: events} = useStdin();
	// The handler may change every render; the subscription stays, so no key falls between two of them.
	const latestHandler = useRef(handler);
	latestHandler.current = handler;

	useEffect(() => {
		if (!isActive) {
			return;
		}

		setRawMode(true);
		const decoder = createKeyDecoder();
		const deliver = (keypresses: Keypress[]) => {
			for (const keypress of keypresses) {
				latestHandler.current(keypress);
			}
		};

		let unfinishedPasteTimer: ReturnType<typeof setTimeout> | undefined;
		const onInput = (event: string) => {
			clearTimeout(unfinishedPasteTimer);
			deliver(decoder.decode(event));
			const pasteState = decoder.pasteState();
			if (pasteState !== 'none') {
				unfinishedPasteTimer = setTimeout(
					() => {
						deliver(decoder.endUnfinishedPaste());
					},
					pasteState === 'interrupted' ? interruptedPasteMs : unfinishedPasteMs,
				);
			}
		};

		events.on('input', onInput);
		return () => {
			clearTimeout(unfinishedPasteTimer);
			events.removeListener('input', onInput);
			setRawMode(false);
		};
	}, [isActive, events, setRawMode]);
}
