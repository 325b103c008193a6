import type { Workflows } from './workflows-loader.js';

/** Injection handle for the loaded workflows (an interface cannot be a Nest token). */
export class WorkflowsRef {
  constructor(readonly value: Workflows) {}
}
