import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: false,
    environment: 'node',
    include: ['test/**/*.spec.ts', 'src/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A page waited on with expect.poll: on a loaded 2-core machine a re-render after a request can take over the
    // default second (CI once failed waiting 1 s for a dialog to close).
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    // e2e files each boot an app with its own database; running them one at a time keeps a 2-core machine responsive.
    fileParallelism: false,
  },
  plugins: [
    // SWC so that emitDecoratorMetadata works for Nest DI and TypeORM.
    swc.vite({
      module: { type: 'es6' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
      },
    }),
  ],
});
