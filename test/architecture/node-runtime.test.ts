import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
};

test('npm scripts run on the Node of the node devDependency, whatever the system Node is', () => {
  // Assess
  expect(process.version).toBe(`v${pkg.devDependencies.node}`);
});

test("the node package's install script is approved, so npm runs it on a fresh machine", () => {
  // Assess
  expect(pkg.allowScripts.node).toBe(true);
});
