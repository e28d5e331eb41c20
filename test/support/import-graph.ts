import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Which path prefixes the files under a prefix may import from, besides their own prefix. */
export type ImportRules = ReadonlyMap<string, readonly string[]>;

export interface ImportViolation {
  readonly file: string;
  readonly imports: string;
  readonly message: string;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;

/** The rules table of docs/architecture.md, between its import-rules markers. */
export function parseImportRules(markdown: string): ImportRules {
  const block = markdown.split('<!-- import-rules:start -->')[1]?.split('<!-- import-rules:end -->')[0];
  if (!block) throw new Error('docs/architecture.md has no import-rules block');
  const rules = new Map<string, string[]>();
  for (const row of block.split('\n').slice(3)) {
    const [source, allowed] = row
      .split('|')
      .slice(1, 3)
      .map((cell) => cell.trim());
    if (!source || allowed === undefined) continue;
    const paths = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);
    rules.set(paths(source)[0] ?? source, paths(allowed));
  }
  return rules;
}

/** The relative imports of every .ts and .js file under `root`'s folders named in the rules. */
function sourceFiles(root: string, rules: ImportRules): string[] {
  const tops = new Set([...rules.keys()].map((prefix) => prefix.split('/')[0] as string));
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : walk(path);
      return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
    });
  return [...tops].flatMap((top) => {
    try {
      return walk(join(root, top));
    } catch {
      return [];
    }
  });
}

/** The longest prefix of `path` among `prefixes`. */
function ruleOf(path: string, prefixes: Iterable<string>): string | undefined {
  return [...prefixes].filter((prefix) => path.startsWith(prefix)).sort((a, b) => b.length - a.length)[0];
}

/** Every import under `root` that the rules do not allow, or that leaves the folders they name. */
export function importViolations(root: string, rules: ImportRules): ImportViolation[] {
  const violations: ImportViolation[] = [];
  for (const path of sourceFiles(root, rules)) {
    const file = relative(root, path);
    const own = ruleOf(file, rules.keys());
    if (own === undefined) continue;
    const allowed = [own, ...(rules.get(own) ?? [])];
    for (const [, , specifier] of readFileSync(path, 'utf8').matchAll(SPECIFIER)) {
      const target = relative(root, resolve(dirname(path), specifier as string));
      if (allowed.some((prefix) => target.startsWith(prefix))) continue;
      violations.push({
        file,
        imports: target,
        message: `${file} imports ${target}; files under ${own} may import ${allowed.slice(1).join(', ') || 'nothing of ours'}`,
      });
    }
  }
  return violations;
}
