import type { Range, TextEdit } from './model/types';

export type Severity = 'error' | 'warning' | 'info';

/** A text rewrite offered for a finding. Edits never overlap and are in document order. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Whether this is the one obviously right fix (VS Code applies it with the "auto fix" shortcut). */
  isPreferred?: boolean;
  kind: 'quickfix' | 'refactor.rewrite';
  /** New files the fix creates, e.g. a `.dockerignore`; paths relative to the Dockerfile's folder. */
  createFiles?: Array<{ path: string; content: string }>;
}

/** What a rule reports. Front ends turn it into an LSP diagnostic or a CLI line. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  range: Range;
  message: string;
  /** Rule-specific facts that the rule's fix reads back. */
  data?: Record<string, unknown>;
  /** Marks code that can be removed (rendered faded in editors). */
  unnecessary?: boolean;
  deprecated?: boolean;
}
