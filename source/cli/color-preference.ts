// Applies NO_COLOR (no-color.org) to Ink, whose colour library reads FORCE_COLOR but not NO_COLOR.

/**
 * Sets FORCE_COLOR=0 when NO_COLOR asks for no colour, before Ink loads. An explicit FORCE_COLOR wins, as in Node
 * itself; an empty NO_COLOR counts as unset, as the convention says.
 */
export function applyNoColor(env: NodeJS.ProcessEnv): void {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '' && env.FORCE_COLOR === undefined) {
		env.FORCE_COLOR = '0';
	}
}
