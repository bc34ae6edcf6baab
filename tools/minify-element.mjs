#!/usr/bin/env node
// Minifies web/api/movie-similar-element.js for the embed module's --extern-post-js (the build
// runs it): the element ships inside movie-similar.mjs and movie-similar.js, whose size has a
// budget (docs/performance.md). Top-level names stay: the glue and the exports file use them.
//   node tools/minify-element.mjs IN OUT
import { readFile, writeFile } from 'node:fs/promises';
import { transform } from 'esbuild';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node tools/minify-element.mjs IN OUT');
  process.exit(2);
}
const { code } = await transform(await readFile(input, 'utf8'), { minify: true, target: 'es2022', legalComments: 'none' });
if (!/\bvar MovieSimilar\b/.test(code)) throw new Error(`${input}: the minified element lost its top-level MovieSimilar`);
await writeFile(output, code);
