// Formatting through dockerfile-utils' formatter (indentation of continuation lines, no leading
// blanks before instructions, no trailing blanks on empty lines), made safe for heredocs: its
// formatter leaves RUN and COPY heredoc bodies alone but re-indents those of ADD and ONBUILD, and an
// indented delimiter no longer ends a `<<EOF` heredoc, so edits inside any heredoc are dropped here.
import {
  DockerfileParser,
  Onbuild,
  type Heredoc as AstHeredoc,
  type Instruction as AstInstruction,
} from 'dockerfile-ast';
import { format, formatOnType, formatRange, type FormatterSettings } from 'dockerfile-utils';
import { parseAst, type DockerfileAst } from './parse';
import type { Position, Range, TextEdit } from './types';

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  /** Leave the continuation lines of instructions as they are. */
  ignoreMultilineInstructions?: boolean;
}

/** Edits that format the whole document. Total: on a formatter failure, no edits. */
export function formatDocument(text: string, options: FormatOptions): TextEdit[] {
  return safely(text, () => format(text, settings(options)));
}

/** Edits that format the lines of `range`. */
export function formatLines(text: string, range: Range, options: FormatOptions): TextEdit[] {
  return safely(text, () => formatRange(text, range, settings(options)));
}

/**
 * Edits after typing `character` at `position`: typing the escape character at the end of a line
 * indents the next one.
 */
export function formatAfterTyping(
  text: string,
  position: Position,
  character: string,
  options: FormatOptions,
): TextEdit[] {
  return safely(text, () => formatOnType(text, position, character, settings(options)));
}

function settings(options: FormatOptions): FormatterSettings {
  return {
    tabSize: Math.max(1, Math.min(16, Math.floor(options.tabSize) || 4)),
    insertSpaces: options.insertSpaces,
    ignoreMultilineInstructions: options.ignoreMultilineInstructions === true,
  };
}

/**
 * Runs the formatter on a text parsed once: dockerfile-utils parses the text again itself, so for the
 * duration of the (synchronous) call the parser hands back the parse made here, which also tells
 * where the heredocs are.
 */
function safely(text: string, run: () => ReturnType<typeof format>): TextEdit[] {
  let ast: DockerfileAst;
  try {
    ast = parseAst(text);
  } catch {
    return [];
  }
  const parser = DockerfileParser as { parse: (content: string) => DockerfileAst };
  const original = parser.parse;
  parser.parse = (content: string) => (content === text ? ast : original(content));
  let edits: ReturnType<typeof format>;
  try {
    edits = run();
  } catch {
    return [];
  } finally {
    parser.parse = original;
  }
  const protectedLines = heredocLines(ast);
  return edits
    .filter((e) => !touchesProtected(e.range, protectedLines))
    .map((e) => ({ range: e.range, newText: e.newText }));
}

/** Lines of heredoc bodies and their delimiter lines, where every blank is content. */
function heredocLines(ast: DockerfileAst): Set<number> {
  const lines = new Set<number>();
  for (const instruction of ast.getInstructions()) {
    const owners: AstInstruction[] = [instruction];
    if (instruction instanceof Onbuild) {
      const trigger = instruction.getTriggerInstruction();
      if (trigger) owners.push(trigger);
    }
    for (const owner of owners) {
      // getHeredocs is public on RUN and COPY only, but every instruction class has it (ADD too).
      const withHeredocs = owner as unknown as { getHeredocs?: () => AstHeredoc[] };
      if (typeof withHeredocs.getHeredocs !== 'function') continue;
      let heredocs: AstHeredoc[];
      try {
        heredocs = withHeredocs.getHeredocs();
      } catch {
        continue;
      }
      for (const heredoc of heredocs) {
        const content = heredoc.getContentRange();
        const delimiter = heredoc.getDelimiterRange();
        const first = content?.start.line ?? delimiter?.start.line;
        const last = delimiter?.end.line ?? content?.end.line ?? instruction.getRange().end.line;
        if (first === undefined) continue;
        for (let line = first; line <= last; line++) lines.add(line);
      }
    }
  }
  return lines;
}

function touchesProtected(range: Range, lines: ReadonlySet<number>): boolean {
  for (let line = range.start.line; line <= range.end.line; line++) if (lines.has(line)) return true;
  return false;
}
