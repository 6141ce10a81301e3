// In-process full-analysis timings: our analyze() (all rules, syntax passthrough, pragmas) against
// dockerfile-utils' validate() alone, on the same texts, interleaved so both see the same load.
import { median, p95, sum } from './stats.mjs';

function time(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * @param {{ analyze: (text: string) => unknown, validate: (text: string) => unknown,
 *           incremental?: () => { analyze(text: string): unknown } }} sides
 * @param {{ corpus: Array<{name: string, text: string}>, large: Array<{name: string, text: string}>,
 *           corpusPasses: number, largeIterations: number, log: (s: string) => void }} input
 */
export function runInProcess(sides, input) {
  const { corpus, large, corpusPasses, largeIterations, log } = input;
  const results = {};

  // Corpus: one warm-up pass, then `corpusPasses` passes; per file the median of its passes.
  log(`corpus: ${corpus.length} files, 1 warm-up + ${corpusPasses} passes`);
  for (const file of corpus) {
    sides.analyze(file.text);
    sides.validate(file.text);
  }
  const oursPerFile = corpus.map(() => []);
  const peerPerFile = corpus.map(() => []);
  for (let pass = 0; pass < corpusPasses; pass++) {
    corpus.forEach((file, i) => {
      // Alternate the order so that neither side always runs on a cache warmed by the other.
      if ((i + pass) % 2 === 0) {
        oursPerFile[i].push(time(() => sides.analyze(file.text)));
        peerPerFile[i].push(time(() => sides.validate(file.text)));
      } else {
        peerPerFile[i].push(time(() => sides.validate(file.text)));
        oursPerFile[i].push(time(() => sides.analyze(file.text)));
      }
    });
  }
  const oursFile = oursPerFile.map(median);
  const peerFile = peerPerFile.map(median);
  const slowest = oursFile
    .map((ms, i) => ({ ms, name: corpus[i].name }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  results.corpus = {
    files: corpus.length,
    ours: { median: median(oursFile), p95: p95(oursFile), total: sum(oursFile) },
    peer: { median: median(peerFile), p95: p95(peerFile), total: sum(peerFile) },
    oursSlowest: slowest,
  };

  // Large files: 2 warm-ups, then `largeIterations` timed runs of each side, interleaved.
  results.large = {};
  for (const file of large) {
    log(`${file.name}: 2 warm-ups + ${largeIterations} iterations`);
    for (let i = 0; i < 2; i++) {
      sides.analyze(file.text);
      sides.validate(file.text);
    }
    const ours = [];
    const peer = [];
    for (let i = 0; i < largeIterations; i++) {
      if (i % 2 === 0) {
        ours.push(time(() => sides.analyze(file.text)));
        peer.push(time(() => sides.validate(file.text)));
      } else {
        peer.push(time(() => sides.validate(file.text)));
        ours.push(time(() => sides.analyze(file.text)));
      }
    }
    const entry = {
      lines: file.text.split('\n').length,
      ours: { median: median(ours), min: Math.min(...ours), runs: ours },
      peer: { median: median(peer), min: Math.min(...peer), runs: peer },
    };
    if (sides.parseOnly) {
      const runs = [];
      for (let i = 0; i < largeIterations; i++) runs.push(time(() => sides.parseOnly(file.text)));
      entry.oursParseOnly = { median: median(runs) };
    }
    // Our incremental engine path (what the server does on an edit), when the engine offers one:
    // one character typed in the middle of the file, then removed again, alternately.
    if (sides.incremental) {
      const analyzer = sides.incremental();
      analyzer.analyze(file.text);
      const at = middleEditOffset(file.text);
      const edited = file.text.slice(0, at) + 'x' + file.text.slice(at);
      const runs = [];
      for (let i = 0; i < largeIterations * 2; i++) {
        runs.push(time(() => analyzer.analyze(i % 2 === 0 ? edited : file.text)));
      }
      entry.oursIncremental = { median: median(runs), p95: p95(runs) };
    }
    results.large[file.name] = entry;
  }
  return results;
}

/** An offset inside the arguments of an instruction near the middle of the text. */
export function middleEditOffset(text) {
  let at = text.indexOf('\nRUN ', Math.floor(text.length / 2));
  if (at < 0) at = Math.floor(text.length / 2);
  return at + 5;
}
