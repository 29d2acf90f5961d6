#!/usr/bin/env node
// Entry point for `npx otasuke`: runs the TypeScript CLI through tsx's loader.
// `analyze` works without a database, so it skips loading the server.
import { register } from 'tsx/esm/api';
register();
if (process.argv[2] === 'analyze') await import('../src/cli/analyze-main.ts');
else await import('../src/cli/main.ts');
