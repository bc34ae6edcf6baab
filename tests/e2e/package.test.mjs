// The npm package as a site builder uses it: `npm pack`, `npm install <tarball>` into an empty
// project (offline), a page importing 'movie2vec/embed' bundled with the pinned esbuild and
// shown in Chromium, and a Node script importing 'movie2vec' that trains the sample.
// Run: node --test tests/e2e/package.test.mjs   (needs ./build-wasm.sh build and npm ci)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { launchChromium } from '../../tools/chromium.mjs';
import { startServer } from '../../tools/serve.mjs';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = path.join(ROOT, 'web/sample/ml-latest-small');
const EXAMPLE_MODEL = path.join(ROOT, 'web/dist/example-model.m2v');

// What the package holds: the built API, embed and types, the README and the licence; no
// sources, tests, sample data or example model.
const EXPECTED_FILES = [
  'LICENSE', 'README.md', 'package.json',
  'web/dist/movie-similar.d.ts', 'web/dist/movie-similar.js', 'web/dist/movie-similar.mjs', 'web/dist/movie-similar.wasm',
  'web/dist/movie2vec-engine.mjs', 'web/dist/movie2vec-node.cjs', 'web/dist/movie2vec-node.mjs',
  'web/dist/movie2vec-protocol.mjs', 'web/dist/movie2vec-threads.js', 'web/dist/movie2vec-threads.wasm',
  'web/dist/movie2vec-threads.worker.js', 'web/dist/movie2vec-worker-main.mjs',
  'web/dist/movie2vec-worker.js', 'web/dist/movie2vec.d.ts', 'web/dist/movie2vec.js', 'web/dist/movie2vec.mjs',
  'web/dist/movie2vec.wasm',
];

let work;      // a temporary folder: the tarball, the user's project, the bundled site
let project;   // the user's project, with movie2vec installed from the tarball
let packed;    // npm pack's report on the tarball

before(async () => {
  await readFile(EXAMPLE_MODEL).catch(() => {
    throw new Error('web/dist/example-model.m2v is missing: build first with ./build-wasm.sh build');
  });
  work = await mkdtemp(path.join(tmpdir(), 'm2v-package-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT });
  [packed] = JSON.parse(stdout.slice(stdout.indexOf('[')));
  project = path.join(work, 'project');
  await mkdir(project);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'site', private: true, type: 'module' }));
  // --offline: the package has no dependencies, so nothing may come from the network.
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(work, packed.filename)], { cwd: project });
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('npm pack holds the built package and nothing else', async () => {
  assert.equal(packed.name, 'movie2vec');
  assert.deepEqual(packed.files.map((f) => f.path).sort(), [...EXPECTED_FILES].sort());
  assert.ok(packed.size > 100_000 && packed.size < 2_000_000, `tarball of ${packed.size} bytes`);
  const installed = JSON.parse(await readFile(path.join(project, 'node_modules/movie2vec/package.json'), 'utf8'));
  assert.equal(installed.private, undefined, 'a private package cannot be published');
  assert.deepEqual(installed.dependencies ?? {}, {}, 'installing it needs nothing else');
  assert.equal(installed.license, 'MIT');
});

test('a page bundled with esbuild shows <movie-similar> with Toy Story\'s neighbours, as the Node API gives them', async () => {
  const site = path.join(work, 'site');
  await mkdir(site);
  await writeFile(path.join(project, 'page.mjs'), [
    "import { MovieModel } from 'movie2vec/embed';",
    'window.movieModelLoaded = MovieModel.load(\'model.m2v\').then((m) => m.size);',
    '',
  ].join('\n'));
  await esbuild.build({
    entryPoints: [path.join(project, 'page.mjs')], bundle: true, format: 'esm', platform: 'browser',
    outfile: path.join(site, 'page.js'), absWorkingDir: project, logLevel: 'silent',
  });
  const bundle = await readFile(path.join(site, 'page.js'), 'utf8');
  // The pattern bundlers that understand it (webpack 5, Vite, Parcel) follow to copy the
  // WebAssembly; esbuild keeps it as it is, so the file goes beside the bundle.
  assert.match(bundle, /new URL\("movie-similar\.wasm", import\.meta\.url\)/);
  await copyFile(path.join(project, 'node_modules/movie2vec/web/dist/movie-similar.wasm'), path.join(site, 'movie-similar.wasm'));
  await copyFile(EXAMPLE_MODEL, path.join(site, 'model.m2v'));
  await writeFile(path.join(site, 'index.html'), [
    '<!doctype html><meta charset="utf-8"><title>Similar movies</title>',
    '<script type="module" src="page.js"></script>',
    '<movie-similar model="model.m2v" movie="1" k="10"></movie-similar>',
    '',
  ].join('\n'));

  // The same model through the package's Node entry, in the user's project.
  const expected = JSON.parse((await run('node', ['--input-type=module', '-e', `
    import { readFileSync } from 'node:fs';
    import { Movie2Vec } from 'movie2vec';
    const m2v = await Movie2Vec.loadModel(readFileSync(${JSON.stringify(EXAMPLE_MODEL)}));
    console.log(JSON.stringify(await m2v.similar(1, 10)));
    m2v.close();`], { cwd: project })).stdout);
  assert.equal(expected.length, 10);

  const server = await startServer({ root: site, port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const failures = [];
    const requested = [];
    // A missing file shows in its response (the console line does not name it); the browser's
    // own favicon.ico request is no concern of the page.
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) failures.push(message.text());
    });
    page.on('response', (response) => {
      requested.push(new URL(response.url()).pathname);
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) failures.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(server.url);
    await page.waitForSelector('movie-similar[state="ready"], movie-similar[state="error"]', { timeout: 30_000 });
    assert.equal(await page.getAttribute('movie-similar', 'state'), 'ready', await page.textContent('movie-similar'));
    const shown = await page.$$eval('movie-similar li', (items) => items.map((li) => ({
      movieId: Number(li.dataset.movieId), title: li.textContent,
    })));
    assert.deepEqual(shown, expected.map(({ movieId, title }) => ({ movieId, title })));
    assert.ok(!shown.some((m) => m.movieId === 1), 'Toy Story is not its own neighbour');
    assert.equal(await page.evaluate(() => window.movieModelLoaded), 9724, 'MovieModel is importable too');
    assert.deepEqual(failures, []);
    assert.ok(requested.includes('/movie-similar.wasm'), `the WebAssembly comes from beside the bundle: ${requested.join(' ')}`);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('a Node script importing movie2vec trains the sample', async () => {
  await writeFile(path.join(project, 'train.mjs'), `
    import { readFileSync } from 'node:fs';
    import { Movie2Vec } from 'movie2vec';
    const [ratings, movies] = process.argv.slice(2);
    const m2v = await Movie2Vec.create();
    const report = await m2v.loadRatings(readFileSync(ratings));
    await m2v.loadMovies(readFileSync(movies));
    const { progress, prepared } = await m2v.train({ dim: 16, epochs: 5, seed: 1 });
    const similar = await m2v.similar('Toy Story', 10);
    const model = await m2v.saveModel({ int8: true });
    m2v.close();
    console.log(JSON.stringify({ kept: report.rowsKept, progress, prepared, similar, modelBytes: model.length }));
  `);
  const { stdout } = await run('node', ['train.mjs', path.join(SAMPLE, 'ratings.csv'), path.join(SAMPLE, 'movies.csv')], { cwd: project });
  const result = JSON.parse(stdout);
  assert.equal(result.kept, 100836);
  assert.equal(result.prepared.vocabulary, 9724);
  assert.equal(result.progress.epochLosses.length, 5);
  assert.ok(result.progress.epochLosses[4] < result.progress.epochLosses[0], `loss ${result.progress.epochLosses}`);
  assert.equal(result.similar.length, 10);
  assert.ok(result.similar.every((m) => m.movieId !== 1 && m.title.length > 0), JSON.stringify(result.similar));
  assert.ok(result.modelBytes > 9724 * 16, `a model of ${result.modelBytes} bytes`);
});
