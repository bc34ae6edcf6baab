#!/usr/bin/env node
// Run by `npm pack` and `npm publish` (prepack): every file package.json's "files" and "exports"
// name must exist, since npm leaves a missing file out without a word. The built ones come from
// ./build-wasm.sh build.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const targets = (value) => (typeof value === 'string' ? [value] : Object.values(value ?? {}).flatMap(targets));
const exported = targets(pkg.exports).map((target) => path.posix.normalize(target));
const listed = new Set(pkg.files);
const problems = new Set();
for (const file of [...pkg.files, ...exported]) {
  if (!existsSync(path.join(root, file))) problems.add(`${file} is missing`);
}
for (const file of exported) {
  if (file !== 'package.json' && !listed.has(file)) problems.add(`${file} is exported but not in "files"`);
}
// Every file a listed module loads by a relative path (import, importScripts, new URL) is listed
// too: a browser asks for it beside the module.
for (const file of pkg.files.filter((f) => /\.(mjs|js)$/.test(f) && existsSync(path.join(root, f)))) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s*|import\s*\(\s*|importScripts\s*\(\s*|new URL\s*\(\s*)['"](\.\/[^'"]+)['"]/g)].map((m) => m[1]);
  for (const specifier of specifiers) {
    const target = path.posix.join(path.posix.dirname(file), specifier);
    if (!listed.has(target)) problems.add(`${file} loads ${specifier}, which is not in "files"`);
  }
}
if (problems.size > 0) {
  console.error(`The package is incomplete:\n  ${[...problems].join('\n  ')}\nBuild it first: ./build-wasm.sh build`);
  process.exit(1);
}
