// The fuzzer as part of the unit layer: known crash inputs, saved reproducers, and a fixed-seed run
// with a time budget (a bounded prefix of the same deterministic sequence on a slow machine).
//   Longer runs: node out/test/fuzz/run.js --count 100000 --seed 1
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sharedDir } from '../support/shared';
import { saveCrash, savedCrashes } from './crashes';
import { checkInput, KNOWN_INPUTS, readCorpus, runFuzz, slowInValidator } from './fuzzer';

const SEED = 20261123;
const COUNT = 2000;
/** Upper bound for the fixed-seed run, whatever the machine: it stops early rather than run longer. */
const BUDGET_MS = 12_000;

describe('fuzzing the engine', () => {
  it('survives the inputs that crashed parsers before', () => {
    for (const [name, text] of KNOWN_INPUTS) assert.deepEqual(checkInput(text), [], name);
  });

  it('survives the saved reproducers', () => {
    for (const [name, text] of savedCrashes()) assert.deepEqual(checkInput(text), [], name);
  });

  it(`keeps its promises on mutated corpus files (seed ${SEED}, up to ${COUNT} inputs in ${BUDGET_MS / 1000} s)`, (t) => {
    const corpus = readCorpus(path.join(sharedDir(), 'corpus'));
    assert.ok(corpus.length > 900);
    const run = runFuzz(corpus, {
      seed: SEED,
      count: COUNT,
      budgetMs: BUDGET_MS,
      onFailure: (c, problems) => saveCrash(SEED, c, problems),
    });
    t.diagnostic(`${run.checked} inputs in ${Math.round(run.elapsedMs)} ms, ${run.failures.length} failures`);
    if (slowInValidator.length > 0)
      t.diagnostic(`${slowInValidator.length} inputs slow in dockerfile-utils' validate() itself`);
    assert.ok(run.checked >= 100, `at least 100 inputs checked (${run.checked})`);
    assert.deepEqual(
      run.failures.map((f) => ({ case: f.case.index, mutations: f.case.mutations, problems: f.problems })),
      [],
      'reproducers were saved under test/fuzz/crashes/',
    );
  });
});
