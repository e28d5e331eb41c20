#!/usr/bin/env node
// The `journeys` command. The sources are TypeScript; tsx loads them without a build step.
import { register } from 'tsx/esm/api';

// The sources use Node 24's built-ins; an older Node would fail late and obscurely, so refuse it here.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `error: journeys needs Node 24 or later, and this is Node ${process.versions.node}.\n` +
      'Run it through npm, which uses the Node 24 of the project: npm start, npx journeys …, npm run journeys -- …\n',
  );
  process.exit(2);
}

register();
await import('../cli/main.ts');
