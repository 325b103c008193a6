import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { WorkflowsInvalid } from './workflow-engine/definition-error.js';
import { loadWorkflows, type Workflows } from './workflow-engine/workflows-loader.js';

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
    return { config, workflows: loadWorkflows(config.workflowsDir) };
  } catch (e) {
    return exitOnKnownError(e);
  }
}
