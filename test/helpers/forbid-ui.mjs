import {register} from 'node:module';

register('./forbid-ui-hooks.mjs', import.meta.url);
