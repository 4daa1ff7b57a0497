import { isTerminalNodeStatus } from '../../../shared/contract/events.js';
import { EXIT, parseCommandArgs, UsageError, type Command } from '../command.js';
import { cliBackend, dataDirOption } from '../backend-options.js';
import { findRun } from './runs.js';

export const logsCommand: Command = {
  name: 'logs',
  summary: "Print a node's output from a run; --follow keeps printing until the node ends",
  usage: 'pipewright logs RUN NODE [--follow] [--search TEXT] [--data-dir DIR]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { follow: { type: 'boolean', short: 'f' }, search: { type: 'string' }, ...dataDirOption });
    if (positionals.length !== 2) throw new UsageError('name the run and the node');
    const backend = await cliBackend(io, values['data-dir']);
    try {
      const run = findRun(backend, positionals[0]!);
      const nodeId = positionals[1]!;
      const { store } = backend;
      if (!store.nodeRuns.latest(run.id, nodeId)) {
        const nodes = [...new Set(store.nodeRuns.listByRun(run.id).map((n) => n.nodeId))];
        throw new UsageError(`run ${run.id} has no node '${nodeId}' (it has: ${nodes.join(', ')})`);
      }
      if (values.search) {
        for (const hit of store.logs.searchLogs(run.id, values.search, { nodeId })) io.out(`#${hit.seq} ${hit.stream}: ${hit.snippet.replace(/\n/g, ' ')}`);
        return EXIT.ok;
      }
      // Through io, whole lines at a time (io ends every write with a newline); a partial line waits for the
      // rest. A carriage return ends a line too, so progress bars still show while following.
      const pending = { stdout: '', stderr: '' };
      const print = (stream: 'stdout' | 'stderr', text: string, all = false) => {
        const buffered = pending[stream] + text;
        const cut = all ? buffered.length : Math.max(buffered.lastIndexOf('\n'), buffered.lastIndexOf('\r')) + 1;
        if (cut > 0) {
          if (stream === 'stderr') io.err(buffered.slice(0, cut));
          else io.out(buffered.slice(0, cut));
        }
        pending[stream] = buffered.slice(cut);
      };
      let after = 0;
      for (;;) {
        // readLogs returns at most 1000 chunks at a time: read until there are no more.
        for (;;) {
          const batch = store.logs.readLogs(run.id, nodeId, { afterSeq: after });
          if (!batch.length) break;
          for (const chunk of batch) {
            print(chunk.stream, chunk.text);
            after = chunk.seq;
          }
        }
        const node = store.nodeRuns.latest(run.id, nodeId)!;
        const runDone = ['succeeded', 'failed', 'cancelled', 'interrupted'].includes(store.runs.get(run.id).status);
        if (!values.follow || (isTerminalNodeStatus(node.status) && runDone) || runDone) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      print('stdout', '', true);
      print('stderr', '', true);
      return EXIT.ok;
    } finally {
      backend.close();
    }
  },
};
