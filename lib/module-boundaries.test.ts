import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layout's promise (README, "Which code runs where"): in lib/, a folder named shared/ is
// browser-safe and every other file is server-only; browser code lives in app/ and components/.
// These checks read the imports as TypeScript resolves them (tsconfig paths included).

const root = path.resolve(import.meta.dirname, '..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);

// Modules in lib/ outside shared/ folders that cannot carry `import 'server-only'`, and why.
const UNMARKED_SERVER_MODULES: Record<string, string> = {
  'lib/auth/password.ts': 'also run outside Next.js, by npm run hash-password and the e2e fixtures (demo accounts)',
  'lib/security-headers.ts': 'bundled into proxy.ts, on its own',
};
// Test helpers, versioned migrations, and the front door, which server.ts loads before Next.js.
const isUnmarkedByNature = (file: string) => ['lib/testing/', 'lib/db/migrations/', 'lib/front-door/'].some((dir) => file.startsWith(dir)) || file.endsWith('.test.ts');

const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
const isInShared = (file: string) => file.startsWith('lib/') && file.split('/').includes('shared');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const isClientModule = (source: string) => /^\s*(['"])use client\1/.test(source.replace(/^(\s*\/\/.*\n|\s*\/\*[\s\S]*?\*\/)*/, ''));
const isServerOnlyMarked = (source: string) => /^import 'server-only';$/m.test(source);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(path.join(entry.parentPath, entry.name)));
}

interface Imports {
  /** Project files, as paths from the root. */
  files: string[];
  /** Everything else: packages and Node's modules, as written. */
  packages: string[];
}

const importsCache = new Map<string, Imports>();
function importsOf(file: string): Imports {
  let found = importsCache.get(file);
  if (!found) {
    found = { files: [], packages: [] };
    // Every import and export specifier, `import type` and dynamic import() included.
    for (const { fileName: specifier } of ts.preProcessFile(read(file), true, true).importedFiles) {
      const resolved = ts.resolveModuleName(specifier, path.join(root, file), options, ts.sys).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.includes('node_modules')) found.files.push(relative(resolved.resolvedFileName));
      else found.packages.push(specifier);
    }
    importsCache.set(file, found);
  }
  return found;
}

/** Every project file `entry` reaches through its imports, each with the chain that reaches it. */
function reachableFrom(entry: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const next of importsOf(file).files) {
      if (chains.has(next)) continue;
      chains.set(next, [...chains.get(file)!, next]);
      queue.push(next);
    }
  }
  return chains;
}

const browserDirs = ['app', 'components'];
const clientModules = browserDirs.flatMap(sourceFiles).filter((file) => isClientModule(read(file)));
const libFiles = sourceFiles('lib');
const sharedFiles = libFiles.filter(isInShared);
const nodeModules = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

describe('which code runs where', () => {
  it('finds the client components and the shared folders it checks', () => {
    expect(clientModules).toContain('app/mass-actions/stop-dialog.tsx');
    expect(sharedFiles).toContain('lib/result-files/shared/types.ts');
  });

  it('browser code reaches nothing in lib/ outside a shared/ folder, not even a type', () => {
    const isServerModule = (file: string) => file.startsWith('lib/') && !isInShared(file);
    // Each step from browser code into server code, once, with the first chain found that takes it.
    const crossings = new Map<string, string>();
    for (const entry of clientModules) {
      for (const [file, chain] of reachableFrom(entry)) {
        const from = chain.at(-2);
        if (from && isServerModule(file) && !isServerModule(from) && !crossings.has(`${from}|${file}`)) crossings.set(`${from}|${file}`, chain.join(' → '));
      }
    }
    expect([...crossings.values()]).toEqual([]);
  });

  it('shared/ folders import only other shared/ folders, and neither Node nor server-only', () => {
    const offences = sharedFiles.filter((file) => !file.endsWith('.test.ts')).flatMap((file) => {
      const { files, packages } = importsOf(file);
      return [
        ...files.filter((target) => !isInShared(target)).map((target) => `${file} imports ${target}`),
        ...packages.filter((name) => name === 'server-only' || nodeModules.has(name)).map((name) => `${file} imports ${name}`),
      ];
    });
    expect(offences).toEqual([]);
  });

  it('lib/ holds no client component: browser code sits beside the pages in app/, or in components/', () => {
    expect(libFiles.filter((file) => isClientModule(read(file)))).toEqual([]);
  });

  it('every other module in lib/ is marked server-only, but for the few that cannot be', () => {
    const unmarked = libFiles.filter((file) => !isInShared(file) && !isUnmarkedByNature(file) && !isServerOnlyMarked(read(file)));
    expect(unmarked.sort()).toEqual(Object.keys(UNMARKED_SERVER_MODULES).sort());
  });
});
