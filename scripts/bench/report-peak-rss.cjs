// Preloaded into measured processes: reports the process's peak RSS (KiB) on fd 3 as it exits.
const {writeSync} = require('node:fs');

process.on('exit', () => {
	try {
		writeSync(3, String(process.resourceUsage().maxRSS));
	} catch {}
});
