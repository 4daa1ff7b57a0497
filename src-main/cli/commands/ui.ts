import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApp } from '../../app.js';
import { repoRoot } from '../../library/library.js';
import { startUiServer } from '../../server/server.js';
import { EXIT, parseCommandArgs, UsageError, type Command } from '../command.js';
import { cliBackend, dataDirOption } from '../backend-options.js';

/** The built renderer; built on first use so `pipewright ui` works straight after `npm ci`. */
function uiDir(io: { err(t: string): void }): string {
  const dir = join(repoRoot(), 'dist', 'renderer');
  if (!existsSync(join(dir, 'index.html'))) {
    io.err('building the UI (once, about a minute)…');
    const r = spawnSync(process.execPath, [join(repoRoot(), 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: repoRoot(), stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the UI build failed (see above)');
  }
  return dir;
}

/** A renderer built elsewhere (`--ui-dir`), e.g. the end-to-end tests' own build, which no other build empties. */
function givenUiDir(dir: string): string {
  if (!existsSync(join(dir, 'index.html'))) throw new UsageError(`--ui-dir: ${dir} holds no built UI (index.html); build one with \`node scripts/build-ui.mjs --out ${dir}\``);
  return dir;
}

export const uiCommand: Command = {
  name: 'ui',
  summary: 'Open the designer in your browser (serves 127.0.0.1 only, protected by a random token)',
  usage: 'pipewright ui [--port N] [--workspace DIR] [--data-dir DIR] [--open FILE] [--ui-dir DIR]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { port: { type: 'string' }, workspace: { type: 'string' }, open: { type: 'string' }, 'ui-dir': { type: 'string' }, ...dataDirOption }, false);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a number from 0 to 65535');
    const staticDir = values['ui-dir'] ? givenUiDir(resolve(io.cwd, values['ui-dir'])) : uiDir(io);
    const backend = await cliBackend(io, values['data-dir']);
    const workspace = resolve(io.cwd, values.workspace ?? '.');
    const { handlers } = createApp({
      backend, workspace, shell: 'browser', version: '0.1.0', ...(values.open ? { openOnStart: resolve(io.cwd, values.open) } : {}),
    });
    const server = await startUiServer({
      handlers, staticDir, port, tokenFile: join(backend.dataDir, 'ui-token'), onEvent: (l) => backend.engine.onEvent(l),
    });
    io.out(`Pipewright is running in browser mode. Open:\n\n  ${server.url}\n`);
    io.out(`workspace: ${workspace}\ndata:      ${backend.dataDir} (token also in ${join(backend.dataDir, 'ui-token')}, mode 0600)\nPress Ctrl-C to stop.`);
    await new Promise<void>((done) => {
      const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); done(); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    backend.close();
    return EXIT.ok;
  },
};
