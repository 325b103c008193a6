import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/common/project-root.js';

let built = false;

/**
 * The server as `npm run build` builds it, compiled once per test process into its own folder (dist/ may be older or
 * absent when the tests run): for drills that kill a real process, and for what it prints.
 */
function buildOnce(): void {
  if (built) return;
  const r = spawnSync(join(projectRoot(), 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json', '--outDir', '.drill-dist'], {
    cwd: projectRoot(),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
  built = true;
}

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** Everything it printed so far, standard output then error. */
  output(): { stdout: string; stderr: string };
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the built server (`dist/main.js` or `dist/worker.js`) with `env` on a free port and waits for /health/live. */
export async function startServerProcess(env: Record<string, string>, entry = 'main.js'): Promise<ServerProcess> {
  buildOnce();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [join('.drill-dist', entry)], {
    cwd: projectRoot(),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += String(c)));
  child.stderr!.on('data', (c) => (stderr += String(c)));
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    const up = await fetch(`${base}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || i > 300) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start: ${stderr.slice(-2000)}${stdout.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    child,
    output: () => ({ stdout, stderr }),
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
