// Signature help for instruction flags: the form of FROM, RUN, COPY, ADD and HEALTHCHECK with the flag
// or argument under the cursor highlighted, and inside `RUN --mount=` the options of the mount type
// being written. Built from the documentation tables so the two never disagree.
import type { Model, Position } from '../model/types';
import { cursorAt, type CursorContext } from './cursor';
import { MOUNT_TYPE_OPTION, instructionDoc, mountTypeDoc, type InstructionDoc } from './instructionDocs';
import type { Signature, SignatureHelpResult, SignatureParameter } from './types';

/** Arguments after the flags, per instruction: the label and what it is. */
const POSITIONALS: Record<string, ReadonlyArray<{ label: string; documentation: string }>> = {
  FROM: [
    { label: '<image>[:<tag>|@<digest>]', documentation: 'The base image, or the name of an earlier stage.' },
    {
      label: '[AS <name>]',
      documentation: 'Names the stage for `COPY --from`, `--target` and later `FROM` lines.',
    },
  ],
  RUN: [{ label: '<command>', documentation: 'Shell command, JSON array, or `<<EOF` heredoc.' }],
  COPY: [
    {
      label: '<src>…',
      documentation: 'Files or directories, relative to the build context (or the `--from` stage).',
    },
    { label: '<dest>', documentation: 'Destination in the image; a directory when it ends with `/`.' },
  ],
  ADD: [
    { label: '<src>…', documentation: 'Files, directories, URLs or git repositories.' },
    { label: '<dest>', documentation: 'Destination in the image; a directory when it ends with `/`.' },
  ],
  HEALTHCHECK: [
    {
      label: 'CMD <command> | NONE',
      documentation: 'The check to run, or `NONE` to disable an inherited one.',
    },
  ],
};

/** Builds a label from parts, recording each parameter's offsets. */
class LabelBuilder {
  text = '';
  readonly parameters: SignatureParameter[] = [];

  add(text: string): void {
    this.text += text;
  }

  parameter(text: string, documentation: string | undefined, brackets = false): void {
    if (brackets) this.text += '[';
    const start = this.text.length;
    this.text += text;
    this.parameters.push({ label: [start, this.text.length], ...(documentation ? { documentation } : {}) });
    if (brackets) this.text += ']';
  }
}

function instructionSignature(doc: InstructionDoc): Signature {
  const label = new LabelBuilder();
  label.add(doc.keyword);
  for (const flag of doc.flags) {
    label.add(' ');
    label.parameter(flag.value ? `--${flag.name}=${flag.value}` : `--${flag.name}`, flag.summary, true);
  }
  for (const positional of POSITIONALS[doc.keyword] ?? []) {
    label.add(' ');
    label.parameter(positional.label, positional.documentation);
  }
  return { label: label.text, documentation: doc.summary, parameters: label.parameters };
}

function mountSignature(type: string): { signature: Signature; keys: string[] } {
  const doc = mountTypeDoc(type);
  const label = new LabelBuilder();
  label.add('--mount=');
  const keys = ['type'];
  if (!doc) {
    label.parameter(`type=${MOUNT_TYPE_OPTION.value}`, MOUNT_TYPE_OPTION.summary);
    label.add(',<options>');
    return {
      signature: {
        label: label.text,
        documentation: MOUNT_TYPE_OPTION.summary,
        parameters: label.parameters,
      },
      keys,
    };
  }
  label.parameter(`type=${doc.type}`, doc.summary);
  for (const option of doc.options) {
    const written = option.value ? `${option.key}=${option.value}` : option.key;
    if (option.required) {
      label.add(',');
      label.parameter(written, option.summary);
    } else {
      label.add('[,');
      label.parameter(written, option.summary);
      label.add(']');
    }
    keys.push(option.key);
  }
  return { signature: { label: label.text, documentation: doc.summary, parameters: label.parameters }, keys };
}

/** Instructions with flags get signature help; the rest have nothing to explain beyond hover. */
const WITH_SIGNATURE = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);

/** Signature help at a position; undefined outside flags and the arguments of instructions with flags. */
export function signatureHelpAt(model: Model, position: Position): SignatureHelpResult | undefined {
  const context = cursorAt(model, position);
  if (context.kind === 'mount-key' || context.kind === 'mount-value') {
    const { signature, keys } = mountSignature(context.mountType);
    const key = context.kind === 'mount-key' ? context.token.text.toLowerCase() : context.key;
    const options = mountTypeDoc(context.mountType)?.options ?? [];
    const exact =
      key === 'type' ? 'type' : options.find((o) => o.key === key || o.aliases.includes(key))?.key;
    // While the key is being typed, the first option it can become.
    const partial =
      context.kind === 'mount-key' && key !== ''
        ? ['type', ...options.map((o) => o.key)].find((k) => k.startsWith(key))
        : undefined;
    const index = keys.indexOf(exact ?? partial ?? '');
    return { signatures: [signature], activeSignature: 0, activeParameter: index >= 0 ? index : undefined };
  }
  if (
    context.kind === 'none' ||
    context.kind === 'keyword' ||
    !('instruction' in context) ||
    !context.instruction
  )
    return undefined;
  const instruction = context.instruction;
  if (!WITH_SIGNATURE.has(instruction.keyword)) return undefined;
  const doc = instructionDoc(instruction.keyword);
  if (!doc) return undefined;
  const active = activeParameter(doc, context, instruction.args.length);
  if (active === null) return undefined;
  return { signatures: [instructionSignature(doc)], activeSignature: 0, activeParameter: active };
}

/** The parameter index under the cursor; undefined for none in particular, null for "no help here". */
function activeParameter(
  doc: InstructionDoc,
  context: CursorContext,
  argCount: number,
): number | undefined | null {
  const flagCount = doc.flags.length;
  switch (context.kind) {
    case 'flag-name':
    case 'flag-value': {
      const name =
        context.kind === 'flag-value' ? context.flag : context.token.text.replace(/^-+/, '').toLowerCase();
      const exact = doc.flags.findIndex((f) => f.name === name);
      if (exact >= 0) return exact;
      const partial = name === '' ? -1 : doc.flags.findIndex((f) => f.name.startsWith(name));
      return partial >= 0 ? partial : undefined;
    }
    case 'image':
      return flagCount;
    case 'from-keyword':
    case 'stage-name':
      return flagCount + 1;
    case 'variable':
      // Inside a RUN command a variable belongs to the shell, not to a flag.
      return doc.keyword === 'RUN' ? null : undefined;
    case 'package':
      return null;
    case 'argument': {
      if (context.inHeredoc) return null;
      if (doc.keyword === 'RUN') return argCount === 0 ? undefined : null;
      if (doc.keyword === 'COPY' || doc.keyword === 'ADD')
        return context.argIndex > 0 && context.argIndex >= argCount - 1 ? flagCount + 1 : flagCount;
      return flagCount;
    }
    default:
      return undefined;
  }
}
