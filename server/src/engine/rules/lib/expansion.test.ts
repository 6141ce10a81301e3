import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../../model/parse';
import { isGuarded, logicalSlice, variableReferences } from './expansion';
import { closest, editDistance } from './suggest';
import { resolveReference, stageReferences } from './stages';
import { splitWords } from './words';

/** References in the arguments of the file's last instruction, as `name op guarded`. */
function refs(dockerfile: string): string[] {
  const model = parseDockerfile(dockerfile);
  const instruction = model.instructions[model.instructions.length - 1]!;
  const range = instruction.argsRange!;
  const source = logicalSlice(
    model,
    model.positions.offsetAt(range.start),
    model.positions.offsetAt(range.end),
  );
  return variableReferences(source, model.escapeChar, model).map(
    (r) => `${r.name}${r.operator}${isGuarded(r) ? ' guarded' : ''}`,
  );
}

describe('variable references (BuildKit word expansion)', () => {
  it('finds $NAME, ${NAME} and operator forms with nested words', () => {
    assert.deepEqual(refs('FROM a\nENV X=$A ${B} ${C:-$D} ${E%%.*} ${F:+x$F}\n'), [
      'A',
      'B',
      'C:- guarded',
      'D guarded',
      'E%',
      'F:+ guarded',
      'F guarded',
    ]);
  });

  it('skips special parameters, escapes and single quotes; expands in double quotes', () => {
    assert.deepEqual(refs('FROM a\nLABEL a=$$ b=$1 c=\\$NO d=\'$NO\' e="$YES"\n'), ['YES']);
  });

  it('uses the backtick as escape character in Windows files', () => {
    assert.deepEqual(refs('# escape=`\nFROM a\nLABEL a=`$NO b=C:\\$YES\n'), ['YES']);
  });

  it('reads across line continuations with document ranges', () => {
    const model = parseDockerfile('FROM a\nENV A=1 \\\n    B=$HOME\n');
    const env = model.instructions[1]!;
    const source = logicalSlice(
      model,
      model.positions.offsetAt(env.argsRange!.start),
      model.positions.offsetAt(env.argsRange!.end),
    );
    const [ref] = variableReferences(source, model.escapeChar, model);
    assert.deepEqual(ref!.range, { start: { line: 2, character: 6 }, end: { line: 2, character: 11 } });
  });
});

describe('helpers', () => {
  it('splits Dockerfile words keeping quotes', () => {
    assert.deepEqual(
      splitWords('a="b c" d\\ e \'f g\'', '\\').map((w) => w.text),
      ['a="b c"', 'd\\ e', "'f g'"],
    );
  });

  it('suggests close names only', () => {
    assert.equal(editDistance('buidler', 'builder'), 1);
    assert.equal(closest('PAHT', ['PATH', 'HOME']), 'PATH');
    assert.equal(closest('APP', ['API']), undefined);
  });

  it('resolves --from values like BuildKit', () => {
    const model = parseDockerfile(
      'FROM golang:1.27 AS Build\nFROM alpine:3.24\nCOPY --from=build /a /a\nRUN --mount=type=bind,from=0,target=/m ls\nCOPY --from=nginx:1.27 /b /b\nCOPY --from=later /c /c\nFROM alpine:3.24 AS later\n',
    );
    const kinds = stageReferences(model).map((r) => [r.value, resolveReference(model, r.value, 1).kind]);
    assert.deepEqual(kinds, [
      ['build', 'stage'],
      ['0', 'index'],
      ['nginx:1.27', 'image'],
      ['later', 'later-stage'],
    ]);
  });
});
