// The engine's own view of a Dockerfile. Rules, sizes and the graph read only these types, never the
// parser library's objects, so the parser can change without touching them.

/** Zero-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A piece of source text with its place in the document. */
export interface Span {
  /** The text as written in the document (continuations removed). */
  text: string;
  range: Range;
  /** Offsets into the document text. */
  start: number;
  end: number;
}

/** A shell word: `value` has quotes and escapes resolved, `text` is as written. */
export interface Word extends Span {
  value: string;
  /** True when any part of the word was quoted. */
  quoted: boolean;
}

export type ShellOperator = '&&' | '||' | ';' | '|' | '&' | '\n';

/** One simple command of a shell script, e.g. `DEBIAN_FRONTEND=noninteractive apt-get install -y curl`. */
export interface ShellCommand {
  /** Every word of the command, assignments and redirections included. */
  words: Word[];
  /** Leading `NAME=value` assignments. */
  assignments: Word[];
  /** The program that runs (first word after the assignments), if any. */
  name: Word | undefined;
  /** Words after the program, without redirections. */
  args: Word[];
  /** Redirection targets, e.g. `/dev/null` of `> /dev/null`. */
  redirects: Word[];
  /** The operator that ends this command (undefined for the last one). */
  operator: ShellOperator | undefined;
  range: Range;
}

export interface ShellScript {
  commands: ShellCommand[];
}

export interface Heredoc {
  /** Delimiter word without quotes or `-`, e.g. `EOF`. */
  name: string;
  /** The body between the opening line and the delimiter line, or undefined when empty/unterminated. */
  body: Span | undefined;
  /** False when the file ends before the delimiter line. */
  terminated: boolean;
  range: Range;
}

export interface Flag {
  /** Lower-case flag name without dashes, e.g. `mount`, `from`, `chown`. */
  name: string;
  /** Value after `=`, or undefined for `--link` style flags. */
  value: string | undefined;
  range: Range;
  valueRange: Range | undefined;
}

export type InstructionKeyword =
  | 'FROM'
  | 'RUN'
  | 'CMD'
  | 'LABEL'
  | 'MAINTAINER'
  | 'EXPOSE'
  | 'ENV'
  | 'ADD'
  | 'COPY'
  | 'ENTRYPOINT'
  | 'VOLUME'
  | 'USER'
  | 'WORKDIR'
  | 'ARG'
  | 'ONBUILD'
  | 'STOPSIGNAL'
  | 'HEALTHCHECK'
  | 'SHELL'
  | string;

export interface Instruction {
  /** Upper-cased keyword (`RUN`), whatever the casing in the file. */
  keyword: InstructionKeyword;
  /** Position in `Model.instructions`. */
  index: number;
  /** Stage the instruction belongs to; -1 before the first FROM (global ARGs). */
  stageIndex: number;
  range: Range;
  keywordRange: Range;
  flags: Flag[];
  /** Whitespace-separated arguments after the flags, as the Dockerfile parser splits them. */
  args: Span[];
  /** Everything after the keyword and flags on the logical line (continuations and comments removed). */
  argsText: string;
  /** Range from the first argument to the end of the instruction, or undefined without arguments. */
  argsRange: Range | undefined;
  /** For RUN/CMD/ENTRYPOINT/SHELL: the exec-form array when the arguments are a valid JSON string array. */
  execForm: string[] | undefined;
  heredocs: Heredoc[];
  /** For shell-form RUN, CMD and ENTRYPOINT (and RUN heredocs run by a shell): the parsed script. */
  shell: ShellScript | undefined;
}

export interface VariableDecl {
  name: string;
  /** Default or assigned value; undefined for `ARG NAME` without one. */
  value: string | undefined;
  instruction: Instruction;
  range: Range;
}

export interface ImageRef {
  /** The image as written, e.g. `golang:${GO_VERSION}-alpine`. */
  raw: string;
  /** After ARG substitution with the declared defaults. */
  resolved: string;
  /** Registry host when given, e.g. `gcr.io`. */
  registry: string | undefined;
  /** Repository path without registry, tag and digest, e.g. `library/node` written as `node`. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
  /** True when substitution left a variable unresolved. */
  hasUnresolvedVariables: boolean;
  range: Range;
  tagRange: Range | undefined;
}

export interface Stage {
  index: number;
  /** The `AS` name, lower-cased as BuildKit compares it; undefined for unnamed stages. */
  name: string | undefined;
  /** The name as written. */
  rawName: string | undefined;
  nameRange: Range | undefined;
  from: Instruction;
  /** The base image; undefined when FROM has no argument. */
  base: ImageRef | undefined;
  /** Index of the earlier stage this one is built `FROM`, if any. */
  baseStage: number | undefined;
  isScratch: boolean;
  platform: string | undefined;
  /** Instructions of the stage, its FROM included. */
  instructions: Instruction[];
  range: Range;
}

export interface ParserDirective {
  name: string;
  value: string;
  range: Range;
}

export interface Comment {
  text: string;
  range: Range;
}

export interface Model {
  text: string;
  escapeChar: string;
  directives: ParserDirective[];
  comments: Comment[];
  /** ARGs declared before the first FROM (usable in FROM lines). */
  globalArgs: VariableDecl[];
  instructions: Instruction[];
  stages: Stage[];
  /** Maps document offsets to positions and back. */
  positions: PositionIndex;
  /** Set when the parser failed; the Model is then empty. */
  parseError?: string;
}

export interface PositionIndex {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  lineCount: number;
  lineText(line: number): string;
}
