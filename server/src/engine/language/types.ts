// Results of the editing features (completion, hover, signature help) in the engine's own terms. The
// language server turns them into LSP objects; nothing here knows about LSP.
import type { Range } from '../model/types';

export type CompletionKind =
  'keyword' | 'snippet' | 'directive' | 'flag' | 'value' | 'stage' | 'image' | 'tag' | 'variable' | 'package';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** One line shown next to the label (a size, a stage's base, a variable's value). */
  detail?: string;
  /** Markdown shown when the entry is selected. */
  documentation?: string;
  /** Replaces `range`; holds `${1:…}` placeholders when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  /** The text the entry replaces: the word under the cursor (empty at the cursor when there is none). */
  range: Range;
  /** Matched against what the user typed instead of the label, when they differ. */
  filterText?: string;
  /** Ask the editor for completions again right after inserting (`--mount=` → the mount types). */
  retrigger?: boolean;
  deprecated?: boolean;
}

export interface CompletionResult {
  entries: CompletionEntry[];
  /** True when the list was capped: the editor should ask again as the user types more. */
  incomplete: boolean;
}

export interface HoverSection {
  /** `docs`: instruction, flag and variable documentation; `facts`: what our data knows about a base image. */
  kind: 'docs' | 'facts';
  markdown: string;
}

export interface HoverResult {
  sections: HoverSection[];
  /** The word the hover is about. */
  range: Range;
}

export interface SignatureParameter {
  /** Start and end offsets of the parameter inside the signature label. */
  label: [number, number];
  documentation?: string;
}

export interface Signature {
  label: string;
  documentation?: string;
  parameters: SignatureParameter[];
}

export interface SignatureHelpResult {
  signatures: Signature[];
  activeSignature: number;
  /** Index into the active signature's parameters; undefined when the cursor is on none of them. */
  activeParameter: number | undefined;
}
