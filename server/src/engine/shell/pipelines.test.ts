import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { runPipelines } from './pipelines';

const shape = (run: string): string[][] => {
  const instruction = parseDockerfile(`FROM alpine:3.24\nRUN ${run}\n`).instructions[1]!;
  return runPipelines(instruction).map((p) => p.map((i) => `${i.program}${i.nested ? '*' : ''}`));
};

describe('pipelines', () => {
  it('groups commands joined by | and splits at other operators', () => {
    assert.deepEqual(shape('curl -fsSL https://x | tee /tmp/i.sh | sh && apk add git; ls | wc -l'), [
      ['curl', 'tee', 'sh'],
      ['apk'],
      ['ls', 'wc'],
    ]);
  });

  it('unwraps sudo and looks inside sh -c strings (nested ones marked)', () => {
    assert.deepEqual(shape('sudo sh -c "wget -qO- https://x | bash" && echo done'), [
      ['sh'],
      ['wget*', 'bash*'],
      ['echo'],
    ]);
  });

  it('reads exec-form RUN', () => {
    assert.deepEqual(shape('["sh", "-c", "curl -s https://x | sh"]'), [['sh'], ['curl*', 'sh*']]);
  });
});
