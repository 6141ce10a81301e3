// Adjustments to dockerfile-ast, in force only while our own (synchronous) code runs inside
// withAstPatches(). The patched methods are installed once (re-assigning prototype methods on every
// call would keep throwing away the optimised code that uses them) and check whether they are in
// force; outside withAstPatches() they call the original, so other users of the library in the same
// process (a benchmark's peer, a test) see it behave as before.
//
// 1. Speed: an instruction's arguments are recomputed from the text on every getArguments() call, and
//    the validator and our conversion ask for them many times per instruction (about a quarter of the
//    parse + validate time). A parsed instruction's arguments never change, so the raw scan is
//    remembered per instruction object; callers still get a fresh copy of the array each time (the
//    library itself shifts flags off it).
// 2. Robustness: Dockerfile.resolveVariable() recurses forever (stack overflow, so dockerfile-utils'
//    validate() throws and no syntax problem is reported at all) when a variable is used in an
//    instruction that is neither before the first FROM nor inside a stage's range, e.g. lines that
//    were shuffled above the first FROM. The containing "image" is then the Dockerfile itself, whose
//    own resolveVariable() is what recursed; the patch resolves against the Dockerfile's instructions
//    as the base class (ImageTemplate) does, which is what the method does for every other image.
// 3. Robustness: Instruction.getHeredocs() reads past its own arguments on some malformed heredoc
//    openers (escape directive changes, stray NUL bytes) and throws a TypeError, which takes the whole
//    validation down with it. An instruction whose heredocs cannot be read is treated as having none.
import { DockerfileParser, Instruction } from 'dockerfile-ast';

type Method = (this: unknown, ...args: unknown[]) => unknown;

interface Patch {
  target: Record<string, unknown>;
  name: string;
  replacement: (original: Method) => Method;
}

const MEMO = Symbol('leanDockerfile.rawArguments');

function patches(): Patch[] {
  const list: Patch[] = [
    {
      target: Instruction.prototype as unknown as Record<string, unknown>,
      name: 'getRawArguments',
      replacement: (original) =>
        function memoizedRawArguments(this: unknown): unknown[] {
          if (depth === 0) return original.call(this) as unknown[];
          const self = this as Record<symbol, unknown[] | undefined>;
          let args = self[MEMO];
          if (!args) {
            args = original.call(this) as unknown[];
            self[MEMO] = args;
          }
          return args.slice();
        },
    },
  ];
  list.push({
    target: Instruction.prototype as unknown as Record<string, unknown>,
    name: 'getHeredocs',
    replacement: (original) =>
      function heredocsOrNone(this: unknown): unknown {
        if (depth === 0) return original.call(this);
        try {
          return original.call(this);
        } catch (error) {
          if (error instanceof TypeError) return [];
          throw error;
        }
      },
  });
  const dockerfileProto = dockerfilePrototype();
  const templateProto = dockerfileProto ? Object.getPrototypeOf(dockerfileProto) : undefined;
  if (dockerfileProto && typeof templateProto?.resolveVariable === 'function') {
    const baseResolve = templateProto.resolveVariable as Method;
    list.push({
      target: dockerfileProto,
      name: 'resolveVariable',
      replacement: (original) =>
        function resolveVariable(this: unknown, variable: unknown, line: unknown): unknown {
          if (depth === 0) return original.call(this, variable, line);
          const self = this as { getContainingImage(p: { line: number; character: number }): unknown };
          if (typeof line === 'number' && self.getContainingImage({ line, character: 0 }) === this) {
            return baseResolve.call(this, variable, line);
          }
          return original.call(this, variable, line);
        },
    });
  }
  return list.filter((p) => typeof p.target[p.name] === 'function');
}

let prototypeOfDockerfile: Record<string, unknown> | null | undefined;
function dockerfilePrototype(): Record<string, unknown> | undefined {
  if (prototypeOfDockerfile === undefined) {
    try {
      prototypeOfDockerfile = Object.getPrototypeOf(DockerfileParser.parse('')) as Record<string, unknown>;
    } catch {
      prototypeOfDockerfile = null;
    }
  }
  return prototypeOfDockerfile ?? undefined;
}

let depth = 0;
let installed = false;

export function withAstPatches<T>(fn: () => T): T {
  if (!installed) {
    installed = true;
    for (const patch of patches()) {
      patch.target[patch.name] = patch.replacement(patch.target[patch.name] as Method);
    }
  }
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}
