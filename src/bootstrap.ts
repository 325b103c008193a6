import { setFlagsFromString } from 'node:v8';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { WorkflowsInvalid } from './workflow-engine/definition-error.js';
import { loadWorkflows, type Workflows } from './workflows/workflows-loader.js';

/** A start-up failure the operator can fix: print it plainly (no stack) and stop. */
export function exitOnKnownError(e: unknown): never {
  if (e instanceof ConfigError || e instanceof WorkflowsInvalid) {
    process.stderr.write(e.message + '\n');
    process.exit(1);
  }
  throw e;
}

/** Configuration and workflow files are checked before Nest starts, so a mistake is one clear message. */
export function loadStartupInputs(env: Record<string, string | undefined> = process.env): { config: AppConfig; workflows: Workflows } {
  try {
    const config = loadConfig(env);
    applyV8Flags(config);
    return { config, workflows: loadWorkflows(config.workflowsDir) };
  } catch (e) {
    return exitOnKnownError(e);
  }
}

/** V8 settings the configuration asks for; set before the database starts (the tests' apps use them too). */
export function applyV8Flags(config: AppConfig): void {
  limitHeapGrowth(config.heapGrowingPercent);
  if (config.embedded && !config.pgliteOptimize) keepPgliteUnoptimized();
}

/**
 * Under load V8 lets the old space grow to several times its live size (~55 MB here) before collecting it, so the
 * server peaked near 300 MB though it never held more than ~60 MB. V8 reads this growth factor at every full
 * collection, so it can be set once the process runs; the extra collections cost under 1% of the CPU.
 */
function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/**
 * PGlite is PostgreSQL compiled to WebAssembly. V8 first compiles it with its baseline compiler, then recompiles the
 * hot functions with its optimising one; for PostgreSQL's largest functions that compilation alone takes 500 MB or
 * more for a moment, on a background thread, during the first requests. Without it the embedded server's start-up
 * peaks at about 370 MB instead of about 950 MB (a new data directory: 750 MB instead of 1.2 GB) and serves about a
 * sixth fewer actions per second (ADR 0015). V8 reads these flags when it compiles a module, i.e. when PGlite starts.
 */
function keepPgliteUnoptimized(): void {
  setFlagsFromString('--no-wasm-tier-up');
  setFlagsFromString('--no-wasm-dynamic-tiering');
}
