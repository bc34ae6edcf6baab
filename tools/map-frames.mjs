// Frame times of the movie map while it is dragged and zoomed, in headless Chromium: opens a
// model file in the page, waits for its map, then drags it around and zooms with the wheel for
// a few seconds, and prints the 50th and 95th percentile and the worst time between animation
// frames (16.7 ms is the screen's own rate). Usage:
//   node tools/map-frames.mjs MODEL.m2v [SECONDS]
// (a model of any catalogue size: build/movie2vec convert --vectors V.txt --movies M.csv --out-model MODEL.m2v)
import { withServedPage } from './chromium.mjs';

const [modelFile, seconds = '4'] = process.argv.slice(2);
if (!modelFile) {
  console.error('usage: node tools/map-frames.mjs MODEL.m2v [SECONDS]');
  process.exit(2);
}
await withServedPage(async ({ server, browser }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="status"][data-state="idle"]');
  const t0 = Date.now();
  await page.setInputFiles('[data-testid="import-model"]', modelFile);
  await page.waitForFunction(() => {
    const map = document.querySelector('[data-testid="movie-map"]');
    return map && map.closest('[hidden]') === null && map.getBoundingClientRect().width > 0;
  }, null, { timeout: 0, polling: 200 });
  const movies = await page.evaluate(() => document.querySelector('[data-testid="movie-map"]').getAttribute('aria-label'));
  console.log(`model open and map shown in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${movies.split('.')[0]}`);
  const canvas = await page.$('[data-testid="movie-map"]');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.waitForTimeout(1000); // the frames of opening the model and scrolling are not counted

  // Every animation frame's time stamp, from here on.
  await page.evaluate(() => {
    window.__frames = []; window.__dt = []; window.__t0 = performance.now();
    const tick = (t) => { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const end = Date.now() + Number(seconds) * 1000;
  let step = 0;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  while (Date.now() < end) {
    const a = step / 15;
    await page.mouse.move(cx + Math.cos(a) * box.width / 4, cy + Math.sin(a) * box.height / 4);
    if (step % 20 === 10) {
      await page.mouse.up();
      await page.mouse.wheel(0, step % 40 === 10 ? -240 : 240);
      await page.mouse.down();
    }
    step++;
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => { window.__stop = true; return window.__frames; });
  if (process.env.M2V_FRAMES_DEBUG) console.log(JSON.stringify(await page.evaluate(() => window.__dt.slice(0, 30))));
  if (process.env.M2V_FRAMES_DEBUG) console.log(frames.slice(1).map((t, i) => [Math.round(frames[i] - frames[0]), Math.round(t - frames[i])]).filter(([, g]) => g > 40));
  const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((x, y) => x - y);
  const at = (q) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))];
  console.log(`${gaps.length} frames over ${seconds} s of dragging and zooming (${step} pointer moves): ` +
    `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, worst ${gaps[gaps.length - 1].toFixed(1)} ms`);
});
