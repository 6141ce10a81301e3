// The one adapter between the parser libraries and the engine: the only module that imports
// dockerfile-ast. Everything it returns is our own Model.
import {
  DockerfileParser,
  type Flag as AstFlag,
  type From as AstFrom,
  type Heredoc as AstHeredoc,
  type Instruction as AstInstruction,
  type Property as AstProperty,
} from 'dockerfile-ast';
import { argDefaults, parseImageReference, substituteArgs } from './imageRef';
import { internRecord, RangeInterner } from './intern';
import { joinContinuations, literalText } from './logicalText';
import { parseDocument } from './document';
import { parseShell } from './shell';
import type {
  Comment,
  Flag,
  Heredoc,
  Instruction,
  Model,
  ParserDirective,
  PositionIndex,
  Range,
  ShellCommand,
  ShellScript,
  Span,
  Stage,
  VariableDecl,
} from './types';

const SHELLS = new Set([
  'sh',
  'bash',
  'ash',
  'dash',
  'zsh',
  '/bin/sh',
  '/bin/bash',
  '/bin/ash',
  '/bin/dash',
  '/usr/bin/env',
]);
const EXEC_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);
const SHELL_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

/** Parses a Dockerfile into the engine's Model. Never throws: on a parser failure the Model is empty. */
export function parseDockerfile(text: string): Model {
  return parseDocument(text).model;
}

/** A parse of dockerfile-ast, made once and shared by the Model conversion and the validator. */
export type DockerfileAst = ReturnType<typeof DockerfileParser.parse>;

export function parseAst(text: string): DockerfileAst {
  return DockerfileParser.parse(text);
}

/** What a FROM contributes to its stage, in the coordinates of the text it was parsed from. */
export interface FromInfo {
  rawName: string | undefined;
  nameRange: Range | undefined;
  imageRaw: string | undefined;
  imageRange: Range | undefined;
  tagRange: Range | undefined;
}

export interface ArgInfo {
  name: string;
  value: string | undefined;
  range: Range;
}

/** One converted instruction; index and stageIndex are placeholders until the Model is assembled. */
export interface InstructionRecord {
  instruction: Instruction;
  from?: FromInfo;
  /** For ARG: its declarations (the Model keeps those before the first FROM as global ARGs). */
  args?: ArgInfo[];
}

/** The converted content of one parsed text (a whole file or a chunk), in that text's coordinates. */
export interface ConvertedText {
  escapeChar: string;
  directives: ParserDirective[];
  comments: Comment[];
  records: InstructionRecord[];
}

/** Where a parsed text sits in the document: its ranges move by `lines`, offsets follow. */
export interface Placement {
  /** The document's text and position index. */
  text: string;
  positions: PositionIndex;
  /** Document line of a line of the parsed text, minus that line. */
  lines: number;
}

/**
 * Converts what dockerfile-ast found at or after `regionStart` (an offset of the parsed text, whose
 * position index is `local`) into Model pieces in document coordinates; directives only when
 * `regionStart` is 0. The parsed stretch must be the same text as the document's at that place.
 */
export function convertAst(
  ast: DockerfileAst,
  local: PositionIndex,
  regionStart: number,
  doc: Placement,
): ConvertedText {
  const escapeChar = ast.getEscapeCharacter();
  const records: InstructionRecord[] = [];
  const firstLine = local.positionAt(regionStart).line;
  const interner = new RangeInterner(doc.lines);
  for (const node of ast.getInstructions()) {
    if (node.getRange().start.line < firstLine) continue;
    const instruction = convertInstruction(node, doc.text, escapeChar, doc.positions, interner);
    const record: InstructionRecord = { instruction };
    if (instruction.keyword === 'FROM') record.from = fromInfo(node, interner);
    else if (instruction.keyword === 'ARG') record.args = argDecls(node, interner);
    internRecord(record, interner);
    records.push(record);
  }
  return {
    escapeChar,
    directives:
      regionStart === 0
        ? ast.getDirectives().map((d) => ({
            name: d.getName(),
            value: d.getValue(),
            range: interner.fromParser(d.getRange()),
          }))
        : [],
    comments: ast
      .getComments()
      .filter((c) => c.getRange().start.line >= firstLine)
      .map((c) => ({ text: c.getContent(), range: interner.fromParser(c.getRange()) })),
    records,
  };
}

function fromInfo(node: AstInstruction, interner: RangeInterner): FromInfo {
  const astFrom = node as unknown as AstFrom;
  return {
    rawName: astFrom.getBuildStage() ?? undefined,
    nameRange: interner.fromParserOptional(astFrom.getBuildStageRange()),
    imageRaw: astFrom.getImage() ?? undefined,
    imageRange: interner.fromParserOptional(astFrom.getImageRange()),
    tagRange: interner.fromParserOptional(astFrom.getImageTagRange()),
  };
}

/** Builds the Model from converted records in document coordinates (see model/document.ts). */
export function buildModel(
  text: string,
  positions: PositionIndex,
  escapeChar: string,
  directives: ParserDirective[],
  comments: Comment[],
  records: Iterable<InstructionRecord>,
  buildArgs?: Readonly<Record<string, string>>,
): Model {
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  const globalArgs: VariableDecl[] = [];
  for (const record of records) {
    const instruction = record.instruction;
    if (record.from) {
      const stage = convertStage(record.from, instruction, stages, globalArgs, buildArgs);
      stages.push(stage);
    } else if (stages.length > 0) {
      const stage = stages[stages.length - 1]!;
      stage.instructions.push(instruction);
      stage.range = { start: stage.range.start, end: instruction.range.end };
    } else if (record.args) {
      for (const a of record.args) globalArgs.push({ ...a, instruction });
    }
    instructions.push(instruction);
  }
  return { text, escapeChar, directives, comments, globalArgs, instructions, stages, positions };
}

/** One instruction; `text` and `positions` are the document's, parser ranges go through `interner`. */
function convertInstruction(
  node: AstInstruction,
  text: string,
  escapeChar: string,
  positions: PositionIndex,
  interner: RangeInterner,
): Instruction {
  const keyword = node.getKeyword().toUpperCase();
  const range = interner.fromParser(node.getRange());
  const flags = readFlags(node, interner);
  const args: Span[] = node.getArguments().map((a) => {
    const r = interner.fromParser(a.getRange());
    return {
      text: a.getValue(),
      range: r,
      start: positions.offsetAt(r.start),
      end: positions.offsetAt(r.end),
    };
  });
  const heredocs = readHeredocs(node, text, positions, interner);
  const end = positions.offsetAt(range.end);
  const first = args[0];
  // Without heredocs the arguments run to the end of the instruction; with them, to the first body.
  const firstBody = heredocs.find((h) => h.body)?.body?.start ?? heredocBodyStart(heredocs, positions);
  const argsEnd = first ? Math.max(first.start, Math.min(end, firstBody ?? end)) : end;
  const joined = first ? joinContinuations(text, first.start, argsEnd, escapeChar) : undefined;
  const argsText = joined ? joined.text.replace(/[\r\n]+$/, '') : '';
  const argsRange: Range | undefined = first
    ? { start: first.range.start, end: positions.positionAt(argsEnd) }
    : undefined;

  const execForm = EXEC_FORM_KEYWORDS.has(keyword) ? readExecForm(argsText) : undefined;
  let shell: ShellScript | undefined;
  if (SHELL_FORM_KEYWORDS.has(keyword) && !execForm && joined) {
    shell = parseShell(joined, positions);
    if (keyword === 'RUN') shell = appendHeredocScript(shell, heredocs, text, positions);
  }

  return {
    keyword,
    // Placeholders: the Model's numbering is given when the pieces are put together.
    index: 0,
    stageIndex: -1,
    range,
    keywordRange: interner.fromParser(node.getInstructionRange()),
    flags,
    args,
    argsText,
    argsRange,
    execForm,
    heredocs,
    shell,
  };
}

function heredocBodyStart(heredocs: Heredoc[], positions: PositionIndex): number | undefined {
  // An empty or unterminated heredoc: its opening line still ends the command part.
  const h = heredocs[0];
  if (!h) return undefined;
  return positions.offsetAt({ line: h.range.start.line + 1, character: 0 });
}

function readFlags(node: AstInstruction, interner: RangeInterner): Flag[] {
  const withFlags = node as unknown as { getFlags?: () => AstFlag[] };
  if (typeof withFlags.getFlags !== 'function') return [];
  return withFlags.getFlags().map((f) => ({
    name: f.getName().toLowerCase(),
    value: f.getValue() ?? undefined,
    range: interner.fromParser(f.getRange()),
    valueRange: interner.fromParserOptional(f.getValueRange()),
  }));
}

function readHeredocs(
  node: AstInstruction,
  text: string,
  positions: PositionIndex,
  interner: RangeInterner,
): Heredoc[] {
  const withHeredocs = node as unknown as { getHeredocs?: () => AstHeredoc[] };
  if (typeof withHeredocs.getHeredocs !== 'function') return [];
  let found: AstHeredoc[];
  try {
    found = withHeredocs.getHeredocs();
  } catch {
    // dockerfile-ast throws on some malformed instructions (a `<<` argument it cannot pair with a
    // heredoc definition): they have no usable heredoc, and the rest of the file still parses.
    return [];
  }
  return found.map((h) => {
    const content = interner.fromParserOptional(h.getContentRange());
    const delimiter = interner.fromParserOptional(h.getDelimiterRange());
    let body: Span | undefined;
    if (content) {
      const start = positions.offsetAt(content.start);
      const end = positions.offsetAt(content.end);
      body = { text: text.slice(start, end), range: content, start, end };
    }
    const start = interner.fromParser(h.getStartRange()).start;
    const end = delimiter?.end ?? content?.end ?? interner.fromParser(h.getNameRange()).end;
    return { name: h.getName(), body, terminated: delimiter !== undefined, range: { start, end } };
  });
}

/** BuildKit treats the arguments as exec form only when they are a valid JSON array of strings. */
function readExecForm(argsText: string): string[] | undefined {
  const trimmed = argsText.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
  } catch {
    // not JSON: shell form
  }
  return undefined;
}

/**
 * `RUN <<EOF` (or `RUN bash <<EOF`) runs the first heredoc's body as a shell script; a heredoc fed to
 * another program (`python3 <<EOF`, `cat <<EOF > file`) is data and stays opaque.
 */
function appendHeredocScript(
  shell: ShellScript,
  heredocs: Heredoc[],
  text: string,
  positions: PositionIndex,
): ShellScript {
  const body = heredocs[0]?.body;
  if (!body) return shell;
  const runsShell =
    shell.commands.length === 0 || (shell.commands.length === 1 && isShellWithoutScript(shell.commands[0]!));
  if (!runsShell) return shell;
  const script = parseShell(literalText(text, body.start, body.end), positions);
  const prefix = shell.commands.filter((c) => !isShellWithoutScript(c));
  return { commands: [...prefix, ...script.commands] };
}

function isShellWithoutScript(command: ShellCommand): boolean {
  if (!command.name || !SHELLS.has(command.name.value)) return false;
  return command.args.every((a) => a.value.startsWith('-') || SHELLS.has(a.value));
}

function argDecls(node: AstInstruction, interner: RangeInterner): ArgInfo[] {
  const withProps = node as unknown as { getProperties?: () => AstProperty[] };
  if (typeof withProps.getProperties !== 'function') return [];
  return withProps.getProperties().map((p) => ({
    name: p.getName(),
    value: p.getValue() ?? undefined,
    range: interner.fromParser(p.getRange()),
  }));
}

function convertStage(
  info: FromInfo,
  from: Instruction,
  previous: Stage[],
  globalArgs: VariableDecl[],
  buildArgs: Readonly<Record<string, string>> | undefined,
): Stage {
  const { rawName, imageRaw, imageRange } = info;
  let base: Stage['base'];
  let baseStage: number | undefined;
  if (imageRaw && imageRange) {
    const values = argDefaults(globalArgs);
    // A build argument sets an ARG only where the Dockerfile declares it (BuildKit ignores the others).
    if (buildArgs)
      for (const name of values.keys()) if (Object.hasOwn(buildArgs, name)) values.set(name, buildArgs[name]);
    const { value, unresolved } = substituteArgs(imageRaw, values);
    base = parseImageReference(imageRaw, value, unresolved, imageRange, info.tagRange);
    const lower = value.toLowerCase();
    const match = previous.find((s) => s.name === lower);
    if (match && !base.tag && !base.digest && !base.registry) baseStage = match.index;
  }
  const platformFlag = from.flags.find((f) => f.name === 'platform');
  return {
    index: previous.length,
    name: rawName?.toLowerCase(),
    rawName,
    nameRange: info.nameRange,
    from,
    base,
    baseStage,
    isScratch: base?.resolved.toLowerCase() === 'scratch',
    platform: platformFlag?.value,
    instructions: [from],
    range: from.range,
  };
}
