import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { definitionsInScope, globalDefault, variableDefinitions } from './variables';

const SOURCE = [
  'ARG BASE=node:22',
  'FROM ${BASE} AS build',
  'ARG BASE',
  'ENV A=1 B="two words" \\',
  '    C=3',
  'ENV LEGACY some value',
  'RUN echo $A',
  'FROM build AS test',
  'ENV D=4',
  'RUN echo $D',
  'FROM alpine',
  'RUN echo nothing',
  '',
].join('\n');

describe('variables', () => {
  const model = parseDockerfile(SOURCE);
  const definitions = variableDefinitions(model);

  it('finds every ARG and ENV name with its value and exact range, across continuations', () => {
    assert.deepEqual(
      definitions.map((d) => [d.kind, d.name, d.value, d.stageIndex]),
      [
        ['ARG', 'BASE', 'node:22', -1],
        ['ARG', 'BASE', undefined, 0],
        ['ENV', 'A', '1', 0],
        ['ENV', 'B', 'two words', 0],
        ['ENV', 'C', '3', 0],
        ['ENV', 'LEGACY', 'some value', 0],
        ['ENV', 'D', '4', 1],
      ],
    );
    const c = definitions.find((d) => d.name === 'C')!;
    assert.deepEqual(c.nameRange, { start: { line: 4, character: 4 }, end: { line: 4, character: 5 } });
    assert.equal(variableDefinitions(model), definitions, 'computed once per Model');
  });

  it('scopes: FROM lines see global ARGs, stages their own and their base stage’s earlier ones', () => {
    const names = (line: number): string[] => {
      const instruction = model.instructions.find((i) => i.range.start.line === line)!;
      return definitionsInScope(model, instruction).map((d) => `${d.kind} ${d.name}`);
    };
    assert.deepEqual(names(1), ['ARG BASE'], 'the first FROM');
    assert.deepEqual(names(6), ['ARG BASE', 'ENV A', 'ENV B', 'ENV C', 'ENV LEGACY']);
    assert.deepEqual(
      names(9),
      ['ARG BASE', 'ENV A', 'ENV B', 'ENV C', 'ENV LEGACY', 'ENV D'],
      'FROM build inherits',
    );
    assert.deepEqual(names(11), [], 'an unrelated stage');
    assert.equal(globalDefault(model, 'BASE')?.value, 'node:22');
  });
});
