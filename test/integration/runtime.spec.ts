import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/common/project-root.js';

// ADR 0014: npm scripts run on the Node.js pinned as the devDependency `node`, not on the machine's. If PATH
// resolution stopped finding it (a renamed script, a bare `node` in a runner), tests would silently run on another.
describe('runtime', () => {
  it('runs on the Node.js pinned in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(process.version).toBe(`v${pkg.devDependencies.node}`);
  });
});
