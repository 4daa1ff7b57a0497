/**
 * A small long-lived process that starts node processes for the process executor. Node's spawn forks
 * the whole app (2–4 ms per child, more as the heap grows); this helper is a ~10 MB Python process
 * that starts children with posix_spawn (vfork + exec, ~0.3 ms). It receives argv, env and cwd as
 * JSON lines on stdin and answers with binary frames on stdout: started (pid), could not start,
 * stdout/stderr bytes, leader exited, closed (exit status). It never runs a shell: argv goes to exec.
 *
 * Each child gets what Node's `spawn(..., { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })`
 * gives: a new session and process group (setsid), stdin from /dev/null, default signal handlers
 * and an empty signal mask, only fds 0–2, exactly the env it was sent. The executor kills process
 * groups itself, by the pid the helper reports.
 *
 * The helper exits when its stdin closes (the app exited or was killed); children it started keep
 * running, as direct children of a killed app would, and start-up recovery finds them by
 * PIPEWRIGHT_RUN_ID. It starts with a minimal env, so it never carries a run id itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

/** The helper program (Python ≥ 3.8 for posix_spawn with setsid). */
const HELPER_SOURCE = String.raw`
import errno, json, os, selectors, signal, struct, sys
if not hasattr(os, 'posix_spawn') or sys.version_info < (3, 8):
    sys.exit(3)
# Ctrl-C is the app's to handle (it cancels runs); the helper must outlive it.
signal.signal(signal.SIGINT, signal.SIG_IGN)
wake_r, wake_w = os.pipe()
os.set_blocking(wake_r, False)
os.set_blocking(wake_w, False)
signal.set_wakeup_fd(wake_w)
signal.signal(signal.SIGCHLD, lambda s, f: None)
# Signals whose handling differs from the default here (ignored SIGPIPE, our handlers) are reset in children.
RESET = set()
for s in signal.valid_signals():
    if s in (signal.SIGKILL, signal.SIGSTOP):
        continue
    try:
        h = signal.getsignal(s)
    except (OSError, ValueError):
        continue
    if h is not None and h != signal.SIG_DFL:
        RESET.add(s)

def send(kind, rid, payload=b''):
    view = memoryview(struct.pack('>cII', kind, rid, len(payload)) + payload)
    while view:
        view = view[os.write(1, view):]

def find(prog, path):
    if '/' in prog:
        return prog
    for d in (os.defpath if path is None else path).split(':'):
        c = os.path.join(d or '.', prog)
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    raise OSError(errno.ENOENT, 'not found on PATH')

sel = selectors.DefaultSelector()
sel.register(0, selectors.EVENT_READ)
sel.register(wake_r, selectors.EVENT_READ)
procs = {}    # pid -> [request id, open pipes, wait status or None]
streams = {}  # fd -> (pid, frame kind)

def start(req):
    rid, argv, env = req['id'], req['argv'], req['env']
    fds = []
    try:
        exe = find(argv[0], env.get('PATH'))
        os.chdir(req['cwd'])
        o_r, o_w = os.pipe(); fds += [o_r, o_w]
        e_r, e_w = os.pipe(); fds += [e_r, e_w]
        pid = os.posix_spawn(exe, argv, env, setsid=True, setsigmask=(), setsigdef=RESET, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0), (os.POSIX_SPAWN_DUP2, o_w, 1), (os.POSIX_SPAWN_DUP2, e_w, 2)])
    except Exception as e:
        for fd in fds:
            os.close(fd)
        code = errno.errorcode.get(getattr(e, 'errno', None) or 0, 'EIO')
        send(b'E', rid, ('%s %s' % (code, e)).encode('utf-8', 'replace'))
        return
    finally:
        os.chdir('/')
    os.close(o_w)
    os.close(e_w)
    procs[pid] = [rid, 2, None]
    for fd, kind in ((o_r, b'1'), (e_r, b'2')):
        os.set_blocking(fd, False)
        streams[fd] = (pid, kind)
        sel.register(fd, selectors.EVENT_READ)
    send(b'S', rid, str(pid).encode())

def close_if_done(pid):
    p = procs[pid]
    if p[1] or p[2] is None:
        return
    del procs[pid]
    st = p[2]
    code = os.WEXITSTATUS(st) if os.WIFEXITED(st) else -os.WTERMSIG(st)
    send(b'X', p[0], str(code).encode())

def pump(fd):
    # Forwards what the pipe holds (at most 1 MB, so one chatty node cannot starve the others);
    # True once it reached end of file (and is closed).
    pid, kind = streams[fd]
    for _ in range(16):
        try:
            data = os.read(fd, 1 << 16)
        except BlockingIOError:
            return False
        if not data:
            sel.unregister(fd)
            os.close(fd)
            del streams[fd]
            procs[pid][1] -= 1
            return True
        send(kind, procs[pid][0], data)
    return False

def reap():
    while True:
        try:
            pid, st = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid in procs:
            procs[pid][2] = st
            # Usually the pipes closed with the process: one 'closed' frame then, no 'exited' before it.
            for fd in [f for f, (p, _) in streams.items() if p == pid]:
                pump(fd)
            if procs[pid][1]:
                send(b'D', procs[pid][0])
            close_if_done(pid)

inbuf = b''
send(b'R', 0)
while True:
    for key, _ in sel.select():
        fd = key.fd
        if fd == wake_r:
            try:
                while os.read(wake_r, 512):
                    pass
            except BlockingIOError:
                pass
            reap()
        elif fd == 0:
            data = os.read(0, 1 << 16)
            if not data:
                os._exit(0)
            inbuf += data
            while b'\n' in inbuf:
                line, inbuf = inbuf.split(b'\n', 1)
                start(json.loads(line))
        elif fd in streams:
            pid = streams[fd][0]
            if pump(fd):
                close_if_done(pid)
`;

/** What the helper reports about one child. */
export interface HelperChildHooks {
  started(pid: number): void;
  /** The helper could not start it (errno code such as ENOENT, and its message); nothing runs. */
  failed(code: string, message: string): void;
  data(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  /** The child itself exited; its output pipes may still be open (held by its own children). */
  exited(): void;
  /** Exited and both output pipes closed, like ChildProcess 'close'. */
  closed(code: number | null, signal: NodeJS.Signals | null): void;
  /** The helper stopped before this child closed; `pid` is undefined when it never reported the start. */
  lost(reason: string, pid: number | undefined): void;
}

interface Pending { hooks: HelperChildHooks; pid?: number; watchdog?: NodeJS.Timeout }

/** Longest the helper may take to confirm a start before it is declared hung and killed. */
const ANSWER_TIMEOUT_MS = 30_000;
/** Longest the helper may take to start (Python starts in tens of ms). */
const START_TIMEOUT_MS = 10_000;
const signalName = (n: number) =>
  (Object.entries(constants.signals).find(([, v]) => v === n)?.[0] ?? null) as NodeJS.Signals | null;

export class SpawnHelper {
  /** 'starting' until the helper says it is ready; 'dead' for good once it exits. */
  state: 'starting' | 'ready' | 'dead' = 'starting';
  /** Why it stopped, once dead. */
  deathReason?: string;
  /** Resolves true when ready, false when it died first. */
  readonly ready: Promise<boolean>;
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private buf: Buffer = Buffer.alloc(0);
  private settleReady!: (ok: boolean) => void;

  /** Starts the helper with `python` (an interpreter name or path); `onDeath` hears when it stops. */
  constructor(python: string, private readonly onDeath: (reason: string, wasReady: boolean) => void = () => {}) {
    this.ready = new Promise((ok) => { this.settleReady = ok; });
    // Own session: a terminal's Ctrl-C or hang-up goes to the app, which decides what happens to runs.
    this.child = spawn(python, ['-I', '-S', '-B', '-X', 'utf8', '-c', HELPER_SOURCE], {
      detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    let stderr = '';
    this.child.stderr!.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-2000); });
    this.child.stdout!.on('data', (b: Buffer) => this.onFrames(b));
    this.child.stdin!.on('error', () => { /* EPIPE when it died; 'close' reports that */ });
    this.child.on('error', (e) => this.die(`could not start ${python}: ${e.message}`));
    this.child.on('close', (code, signal) => {
      const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
      this.die(stderr.trim() ? `${why}: ${stderr.trim().split('\n').pop()}` : why);
    });
    // Referenced while starting, so awaiting `ready` keeps the app alive; bounded, so a stuck start cannot hang it.
    const startTimer = setTimeout(() => this.kill(`it was not ready within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    void this.ready.then(() => clearTimeout(startTimer));
  }

  /** The helper's pid (tests check children's parent). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Asks the helper to start `argv` (argv[0] looked up on env.PATH) in `cwd` with exactly `env`. */
  spawn(argv: string[], env: Record<string, string>, cwd: string, hooks: HelperChildHooks): void {
    if (this.state !== 'ready') throw new Error('the process helper is not running');
    const id = this.nextId++;
    const p: Pending = { hooks };
    p.watchdog = setTimeout(() => this.kill(`it did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`), ANSWER_TIMEOUT_MS);
    this.pending.set(id, p);
    if (this.pending.size === 1) this.setRef(true);
    this.child.stdin!.write(`${JSON.stringify({ id, argv, env, cwd })}\n`);
  }

  /** Stops the helper (SIGKILL); children it started are reported lost. */
  kill(reason?: string): void {
    if (reason) this.deathReason = reason;
    try { this.child.kill('SIGKILL'); } catch { /* gone */ }
  }

  private setRef(on: boolean): void {
    // While nothing is in flight the helper must not keep the app alive.
    for (const h of [this.child, this.child.stdout, this.child.stdin, this.child.stderr] as { ref?(): void; unref?(): void }[]) {
      if (on) h?.ref?.(); else h?.unref?.();
    }
  }

  private onFrames(chunk: Buffer): void {
    let buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let off = 0;
    while (buf.length - off >= 9) {
      const len = buf.readUInt32BE(off + 5);
      if (buf.length - off < 9 + len) break;
      this.onFrame(buf[off]!, buf.readUInt32BE(off + 1), buf.subarray(off + 9, off + 9 + len));
      off += 9 + len;
    }
    buf = buf.subarray(off);
    this.buf = buf.length ? Buffer.from(buf) : Buffer.alloc(0);
  }

  private onFrame(kind: number, id: number, payload: Buffer): void {
    if (kind === 0x52 /* R */) {
      if (this.state === 'starting') { this.state = 'ready'; this.settleReady(true); if (!this.pending.size) this.setRef(false); }
      return;
    }
    const p = this.pending.get(id);
    if (!p) return;
    switch (kind) {
      case 0x53: /* S */ clearTimeout(p.watchdog); p.pid = Number(payload.toString()); p.hooks.started(p.pid); break;
      case 0x31: /* 1 */ p.hooks.data('stdout', payload); break;
      case 0x32: /* 2 */ p.hooks.data('stderr', payload); break;
      case 0x44: /* D */ p.hooks.exited(); break;
      case 0x45: /* E */ {
        clearTimeout(p.watchdog);
        this.done(id);
        const text = payload.toString();
        const space = text.indexOf(' ');
        p.hooks.failed(text.slice(0, space), text.slice(space + 1));
        break;
      }
      case 0x58: /* X */ {
        this.done(id);
        const status = Number(payload.toString());
        p.hooks.exited();
        p.hooks.closed(status >= 0 ? status : null, status >= 0 ? null : signalName(-status));
        break;
      }
    }
  }

  private done(id: number): void {
    this.pending.delete(id);
    if (!this.pending.size) this.setRef(false);
  }

  private die(reason: string): void {
    if (this.state === 'dead') return;
    const wasReady = this.state === 'ready';
    this.state = 'dead';
    this.deathReason = this.deathReason ?? reason;
    this.settleReady(false);
    this.setRef(false);
    try { this.child.kill('SIGKILL'); } catch { /* gone */ }
    const lost = [...this.pending.values()];
    this.pending.clear();
    for (const p of lost) {
      clearTimeout(p.watchdog);
      p.hooks.lost(this.deathReason, p.pid);
    }
    this.onDeath(this.deathReason, wasReady);
  }
}
