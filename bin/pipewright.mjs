#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npm ci` needs no build step (install scripts are off, see .npmrc).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
