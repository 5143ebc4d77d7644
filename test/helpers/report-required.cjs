// Preloaded into the built CLI: writes the files it required, as JSON, to the path in UAA_TOKEN_TEST_REQUIRED.
const {writeFileSync} = require('node:fs');

process.on('exit', () => {
	writeFileSync(process.env.UAA_TOKEN_TEST_REQUIRED, JSON.stringify(Object.keys(require.cache)));
});
