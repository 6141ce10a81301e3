// dockerfile-utils' validator, passed through with stable ids. Lives in model/ because only the
// adapter may import the parser libraries.
import { DockerfileParser } from 'dockerfile-ast';
import { validate, ValidationCode, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import type { DockerfileAst } from './parse';
import type { Range } from './types';

export interface SyntaxProblem {
  /** `syntax-` + the kebab-case name of dockerfile-utils' code, e.g. `syntax-unknown-instruction`. */
  id: string;
  severity: 'error' | 'warning';
  range: Range;
  message: string;
  unnecessary: boolean;
  deprecated: boolean;
}

// dockerfile-utils replaces its defaults wholesale when given settings, so every check is listed.
// Checks that our own rules make (with fixes and aliases) are switched off so they are not reported twice.
const VALIDATOR_SETTINGS: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.IGNORE, // maintainer-deprecated
  directiveCasing: ValidationSeverity.WARNING,
  emptyContinuationLine: ValidationSeverity.WARNING,
  instructionCasing: ValidationSeverity.WARNING,
  instructionCmdMultiple: ValidationSeverity.IGNORE, // multiple-cmd-entrypoint
  instructionEntrypointMultiple: ValidationSeverity.IGNORE, // multiple-cmd-entrypoint
  instructionHealthcheckMultiple: ValidationSeverity.WARNING,
  instructionJSONInSingleQuotes: ValidationSeverity.WARNING,
  // workdir-relative-path is more precise: a relative WORKDIR after an absolute one is fine.
  instructionWorkdirRelative: ValidationSeverity.IGNORE,
};

// Codes that cannot be switched off through settings but that a catalogue rule reports instead.
const SUPERSEDED = new Set<number>([ValidationCode.DUPLICATE_BUILD_STAGE_NAME]); // duplicate-stage-name

/** `ValidationCode.UNKNOWN_ADD_FLAG` → `syntax-unknown-add-flag`. */
export function syntaxId(code: unknown): string {
  const name = typeof code === 'number' ? ValidationCode[code] : undefined;
  return `syntax-${name ? name.toLowerCase().replace(/_/g, '-') : 'problem'}`;
}

/**
 * dockerfile-utils checks a stage name with a regular expression that backtracks exponentially
 * (`^[a-z]([a-z0-9_\-.]*)*$`): a long invalid name as FROM's third argument (`FROM a AS
 * some_long_name=0`, or a FROM continued into the next line) hangs validate() for minutes. Such a
 * file gets no syntax problems rather than a hung server.
 */
const STALLING_NAME_LENGTH = 16;
function validatorWouldStall(ast: DockerfileAst): boolean {
  return ast.getFROMs().some((from) => {
    const name = from.getArguments()[2]?.getValue().toLowerCase();
    return name !== undefined && name.length > STALLING_NAME_LENGTH && !/^[a-z][a-z0-9_\-.]*$/.test(name);
  });
}

export function checkSyntax(text: string): SyntaxProblem[] {
  if (validatorWouldStall(DockerfileParser.parse(text) as DockerfileAst)) return [];
  return convertProblems(validate(text, VALIDATOR_SETTINGS));
}

/**
 * The same check on a text already parsed: dockerfile-utils' validate() parses the text again with
 * dockerfile-ast, so for the duration of the (synchronous) call its parser hands back `ast` for
 * exactly this text instead. The validator only reads the syntax tree.
 */
export function checkSyntaxOfAst(text: string, ast: DockerfileAst): SyntaxProblem[] {
  if (validatorWouldStall(ast)) return [];
  const parser = DockerfileParser as { parse: (content: string) => DockerfileAst };
  const original = parser.parse;
  parser.parse = (content: string) => (content === text ? ast : original(content));
  try {
    return convertProblems(validate(text, VALIDATOR_SETTINGS));
  } finally {
    parser.parse = original;
  }
}

function convertProblems(diagnostics: ReturnType<typeof validate>): SyntaxProblem[] {
  return diagnostics
    .filter((d) => !SUPERSEDED.has(Number(d.code)))
    .map((d) => ({
      id: syntaxId(typeof d.code === 'string' ? Number(d.code) : d.code),
      // dockerfile-utils reports Error = 1, Warning = 2 (LSP numbering).
      severity: d.severity === 1 ? 'error' : 'warning',
      range: d.range,
      message: typeof d.message === 'string' ? d.message : d.message.value,
      unnecessary: d.tags?.includes(1) ?? false,
      deprecated: d.tags?.includes(2) ?? false,
    }));
}
