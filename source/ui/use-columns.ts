import {createContext, createElement, type ReactNode, useContext, useEffect, useState} from 'react';
import {useStdout} from 'ink';

const fallbackColumns = 80;

/** The terminal's width from one resize listener for the whole app; every row asking for its own passed Node's limit of 10. */
const TerminalColumnsContext = createContext<number | undefined>(undefined);

/** Set where a screen gets less than the terminal's width, such as beside the guide panel. */
export const AvailableColumnsContext = createContext<number | undefined>(undefined);

function useResizeListener(isActive: boolean): number {
	const {stdout} = useStdout();
	const [columns, setColumns] = useState(stdout.columns || fallbackColumns);
	useEffect(() => {
		if (!isActive) {
			return;
		}

		const onResize = () => {
			setColumns(stdout.columns || fallbackColumns);
		};

		// The width may have changed between the first render and this effect.
		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, isActive]);
	return columns;
}

export function TerminalColumnsProvider({children}: {readonly children: ReactNode}) {
	return createElement(TerminalColumnsContext.Provider, {value: useResizeListener(true)}, children);
}

/** The terminal's width, kept current across resizes; components shown alone, as in tests, listen themselves. */
export function useTerminalColumns(): number {
	const provided = useContext(TerminalColumnsContext);
	const own = useResizeListener(provided === undefined);
	return provided ?? own;
}

/** The columns this part of the screen may use: the terminal's, or less where something sits beside it. */
export function useColumns(): number {
	const terminalColumns = useTerminalColumns();
	return useContext(AvailableColumnsContext) ?? terminalColumns;
}
