// Hover: documentation of the keyword, flag or mount option under the cursor, where a variable gets
// its value, what a stage is, and the base image's facts from our data. The size breakdown of an
// instruction comes from the size model and is joined to this by the language server.
import { parseImageReference } from '../model/imageRef';
import type { Instruction, Model, Position, Range, Stage } from '../model/types';
import type { SizeEstimate } from '../size/types';
import { cursorAt, type CursorContext, type Token } from './cursor';
import {
  builtinArgDoc,
  directiveDoc,
  directiveMarkdown,
  flagDoc,
  flagMarkdown,
  instructionDoc,
  instructionMarkdown,
  mountOptionDoc,
  mountOptionMarkdown,
  mountTypeDoc,
  mountTypeMarkdown,
} from './instructionDocs';
import { aptPackageFacts } from './packageNames';
import { imageFactsMarkdown, stageImageEnvironment, stageLabel, stageSummary } from './stageInfo';
import type { HoverResult, HoverSection } from './types';
import {
  definitionsInScope,
  globalDefault,
  shortValue,
  variableDefinitions,
  type VariableDefinition,
} from './variables';

export interface HoverOptions {
  /** The size estimate of the same Model, for stage sizes. */
  estimate?: SizeEstimate;
}

function contains(range: Range, position: Position): boolean {
  const { start, end } = range;
  const afterStart =
    position.line > start.line || (position.line === start.line && position.character >= start.character);
  const beforeEnd =
    position.line < end.line || (position.line === end.line && position.character < end.character);
  return afterStart && beforeEnd;
}

const docs = (markdown: string, range: Range): HoverResult => ({
  sections: [{ kind: 'docs', markdown }],
  range,
});
const facts = (markdown: string, range: Range): HoverResult => ({
  sections: [{ kind: 'facts', markdown }],
  range,
});

/** The hover at a position; undefined where there is nothing to say. */
export function hoverAt(
  model: Model,
  position: Position,
  options: HoverOptions = {},
): HoverResult | undefined {
  const context = cursorAt(model, position);
  if (context.kind === 'none') return undefined;
  // The character under the mouse must belong to the word (the cursor's end position does not).
  if (!contains(context.token.range, position)) {
    // `$NAME`: hovering the `$` or `{` still means the variable.
    return context.kind === 'argument' ? dollarHover(model, position) : undefined;
  }
  switch (context.kind) {
    case 'keyword': {
      const doc = instructionDoc(context.token.text);
      return doc ? docs(instructionMarkdown(doc), context.token.range) : undefined;
    }
    case 'directive-name':
    case 'directive-value': {
      const name = context.kind === 'directive-value' ? context.directive : context.token.text;
      const doc = directiveDoc(name);
      return doc ? docs(directiveMarkdown(doc), context.token.range) : undefined;
    }
    case 'flag-name': {
      const doc = flagDoc(context.instruction.keyword, context.token.text.replace(/^-+/, ''));
      return doc ? docs(flagMarkdown(context.instruction.keyword, doc), context.token.range) : undefined;
    }
    case 'flag-value':
      return flagValueHover(model, context, options);
    case 'mount-key': {
      const doc = mountOptionDoc(context.mountType, context.token.text);
      return doc ? docs(mountOptionMarkdown(context.mountType, doc), context.token.range) : undefined;
    }
    case 'mount-value': {
      if (context.key === 'type') {
        const doc = mountTypeDoc(context.token.text);
        return doc ? docs(mountTypeMarkdown(doc), context.token.range) : undefined;
      }
      if (context.key === 'from')
        return stageOrImageHover(model, context.instruction, context.token, options);
      const doc = mountOptionDoc(context.mountType, context.key);
      return doc ? docs(mountOptionMarkdown(context.mountType, doc), context.token.range) : undefined;
    }
    case 'image':
      return imageHover(model, context.instruction, context.token, options);
    case 'stage-name': {
      const stage = stageOf(model, context.instruction);
      return stage ? docs(stageSummary(model, stage, options.estimate), context.token.range) : undefined;
    }
    case 'variable':
      return variableHover(model, context.instruction, context.token);
    case 'package': {
      if (context.manager !== 'apt') return undefined;
      const name = context.token.text.split('=')[0]!;
      const markdown = aptPackageFacts(name);
      return markdown ? facts(markdown, context.token.range) : undefined;
    }
    case 'argument':
      return declarationHover(model, context.instruction, position) ?? dollarHover(model, position);
    default:
      return undefined;
  }
}

function stageOf(model: Model, from: Instruction): Stage | undefined {
  const stage = model.stages[from.stageIndex];
  return stage?.from === from ? stage : undefined;
}

function flagValueHover(
  model: Model,
  context: Extract<CursorContext, { kind: 'flag-value' }>,
  options: HoverOptions,
): HoverResult | undefined {
  const { instruction, flag, token } = context;
  if (flag === 'from' && (instruction.keyword === 'COPY' || instruction.keyword === 'ADD'))
    return stageOrImageHover(model, instruction, token, options);
  const doc = flagDoc(instruction.keyword, flag);
  return doc ? docs(flagMarkdown(instruction.keyword, doc), token.range) : undefined;
}

/** `--from=<name>`: an earlier stage by name or index, else an image. */
function stageOrImageHover(
  model: Model,
  instruction: Instruction,
  token: Token,
  options: HoverOptions,
): HoverResult | undefined {
  const wanted = token.text.toLowerCase();
  const stage = model.stages.find(
    (s) => s.index < instruction.stageIndex && (s.name === wanted || String(s.index) === wanted),
  );
  if (stage) return docs(stageSummary(model, stage, options.estimate), token.range);
  if (wanted === '' || wanted.includes('$')) return undefined;
  const ref = parseImageReference(token.text, token.text, false, token.range, undefined);
  return facts(imageFactsMarkdown(ref), token.range);
}

function imageHover(
  model: Model,
  from: Instruction,
  token: Token,
  options: HoverOptions,
): HoverResult | undefined {
  const stage = stageOf(model, from);
  if (!stage) return undefined;
  if (stage.baseStage !== undefined) {
    const base = model.stages[stage.baseStage]!;
    return docs(stageSummary(model, base, options.estimate), token.range);
  }
  const ref =
    stage.base ??
    (stage.isScratch ? parseImageReference('scratch', 'scratch', false, token.range, undefined) : undefined);
  return ref ? facts(imageFactsMarkdown(ref, stage.platform), token.range) : undefined;
}

/** The hover of `$NAME` when the position is on its `$` or `{` (the cursor analysis starts after them). */
function dollarHover(model: Model, position: Position): HoverResult | undefined {
  const text = model.positions.lineText(position.line);
  const c = text[position.character];
  const next =
    c === '$'
      ? text[position.character + 1] === '{'
        ? 2
        : 1
      : c === '{' && text[position.character - 1] === '$'
        ? 1
        : 0;
  if (next === 0) return undefined;
  const inside = cursorAt(model, { line: position.line, character: position.character + next });
  if (inside.kind !== 'variable' || inside.token.text === '') return undefined;
  return variableHover(model, inside.instruction, inside.token);
}

const where = (d: VariableDefinition): string => `${d.kind} on line ${d.instruction.range.start.line + 1}`;
const shown = (value: string): string => `\`${shortValue(value, 120).replace(/`/g, "'")}\``;

function describe(model: Model, d: VariableDefinition): string {
  if (d.value !== undefined) return `${where(d)}: ${d.value === '' ? 'empty' : shown(d.value)}`;
  const global = d.stageIndex >= 0 ? globalDefault(model, d.name) : undefined;
  if (global?.value !== undefined)
    return `${where(d)}: the global ARG's default ${shown(global.value)} (line ${global.instruction.range.start.line + 1})`;
  return `${where(d)}: no default (empty unless given with \`--build-arg ${d.name}=…\`)`;
}

function variableHover(model: Model, instruction: Instruction, token: Token): HoverResult | undefined {
  const name = token.text;
  if (name === '') return undefined;
  const title = `**\`$${name}\`**`;
  const visible = definitionsInScope(model, instruction).filter((d) => d.name === name);
  if (visible.length > 0) {
    const lines = [title, ''];
    visible.forEach((d, i) =>
      lines.push(
        `- ${describe(model, d)}${i === visible.length - 1 && visible.length > 1 ? ' ← applies here' : ''}`,
      ),
    );
    if (visible.some((d) => d.kind === 'ARG'))
      lines.push('', `\`docker build --build-arg ${name}=…\` overrides an ARG's default.`);
    return docs(lines.join('\n'), token.range);
  }
  const builtin = builtinArgDoc(name);
  if (builtin) return docs(`${title}: ${builtin.summary}`, token.range);
  const stage = model.stages[instruction.stageIndex];
  const fromLine = stage?.from === instruction || instruction.stageIndex < 0;
  if (stage && !fromLine && stageImageEnvironment(model, stage).includes(name))
    return docs(`${title}: set by the base image of stage \`${stageLabel(stage)}\`.`, token.range);
  const elsewhere = variableDefinitions(model).filter((d) => d.name === name);
  if (elsewhere.length === 0)
    return docs(`${title}: not defined by any ARG or ENV of this file.`, token.range);
  const notes = elsewhere.slice(0, 5).map((d) => {
    if (d.stageIndex < 0 && !fromLine)
      return `- global ${where(d)}: a stage sees it only after declaring \`ARG ${name}\` again`;
    if (d.stageIndex === instruction.stageIndex) return `- ${where(d)}: comes after this line`;
    return `- ${where(d)}, in another stage`;
  });
  return docs([`${title} is not defined here.`, '', ...notes].join('\n'), token.range);
}

/** Hovering the name in `ARG NAME=…` / `ENV NAME=…`: its value and whether it overrides an earlier one. */
function declarationHover(
  model: Model,
  instruction: Instruction,
  position: Position,
): HoverResult | undefined {
  if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') return undefined;
  const definition = variableDefinitions(model).find(
    (d) => d.instruction === instruction && contains(d.nameRange, position),
  );
  if (!definition) return undefined;
  const sections: HoverSection[] = [
    {
      kind: 'docs',
      markdown: [`**\`$${definition.name}\`**`, '', `- ${describe(model, definition)}`].join('\n'),
    },
  ];
  if (definition.kind === 'ENV')
    sections[0]!.markdown += '\n\nENV values are stored in the image and visible to anyone who can pull it.';
  return { sections, range: definition.nameRange };
}
