// Where uaa-token keeps its files: UAA_TOKEN_CONFIG_DIR, or the per-user directory conf would pick.

import envPaths from 'env-paths';

export const configDirectoryVariable = 'UAA_TOKEN_CONFIG_DIR';

export function configDirectory(env: NodeJS.ProcessEnv = process.env): string {
	const override = env[configDirectoryVariable]?.trim();
	if (override) {
		return override;
	}

	// The same call conf makes for projectName "uaa-token", so the default matches conf's documentation.
	return envPaths('uaa-token', {suffix: 'nodejs'}).config;
}
