import { requestCancel } from '../../engine/engine.js';
import { EXIT, parseCommandArgs, UsageError, type Command } from '../command.js';
import { cliBackend, dataDirOption } from '../backend-options.js';
import { findRun } from './runs.js';

const FINAL = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'Cancel a running run (whichever process runs it) and wait until it has stopped',
  usage: 'pipewright cancel RUN [--data-dir DIR]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, dataDirOption);
    if (positionals.length !== 1) throw new UsageError('name the run to cancel');
    const backend = await cliBackend(io, values['data-dir']);
    try {
      const run = findRun(backend, positionals[0]!);
      if (FINAL.includes(run.status)) { io.out(`run ${run.id} already ${run.status}`); return EXIT.ok; }
      requestCancel(backend.store, run.id);
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const now = backend.store.runs.get(run.id);
        if (FINAL.includes(now.status)) { io.out(`run ${run.id} ${now.status}`); return EXIT.ok; }
        await new Promise((r) => setTimeout(r, 200));
      }
      io.err(`asked run ${run.id} to cancel, but it has not stopped within 30 s; its process may be busy or gone`);
      return EXIT.invalid;
    } finally {
      backend.close();
    }
  },
};
