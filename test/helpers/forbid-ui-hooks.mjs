// Module hooks that fail any import of the UI stack, to prove the scripting path never loads it.
const uiModule = /^(?:ink|ink-text-input|ink-spinner|react|react-reconciler)(?:\/|$)/;

export async function resolve(specifier, context, nextResolve) {
	if (uiModule.test(specifier)) {
		throw new Error(`The scripting path loaded ${specifier}`);
	}

	return nextResolve(specifier, context);
}
