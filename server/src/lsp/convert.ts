// Engine results → LSP objects. Translation only: no decisions about what to report.
import {
  CodeAction,
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  TextEdit,
  type WorkspaceEdit,
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { DOCS_BASE_URL, SERVER_SOURCE } from '../../../common/protocol';
import type { Fix, Finding, Severity } from '../engine/findings';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.leanDockerfile`;

export function docsUrl(ruleId: string): string {
  return ruleId.startsWith('syntax-')
    ? `${DOCS_BASE_URL}syntax.md#${ruleId}`
    : `${DOCS_BASE_URL}${ruleId}.md`;
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const tags: DiagnosticTag[] = [];
  if (finding.unnecessary) tags.push(DiagnosticTag.Unnecessary);
  if (finding.deprecated) tags.push(DiagnosticTag.Deprecated);
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: SERVER_SOURCE,
    message: finding.message,
    ...(tags.length > 0 ? { tags } : {}),
  };
}

function workspaceEdit(uri: string, fix: Fix): WorkspaceEdit {
  if (!fix.createFiles || fix.createFiles.length === 0)
    return { changes: { [uri]: fix.edits as TextEdit[] } };
  // New files: create (never overwrite an existing one), then fill, then edit the Dockerfile itself.
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  for (const file of fix.createFiles) {
    const target = new URL(file.path, uri).href;
    documentChanges.push(CreateFile.create(target, { ignoreIfExists: true }));
    documentChanges.push(
      TextDocumentEdit.create({ uri: target, version: null }, [
        TextEdit.insert({ line: 0, character: 0 }, file.content),
      ]),
    );
  }
  if (fix.edits.length > 0)
    documentChanges.push(TextDocumentEdit.create({ uri, version: null }, fix.edits as TextEdit[]));
  return { documentChanges };
}

export function toCodeAction(uri: string, fix: Fix, diagnostic: Diagnostic | undefined): CodeAction {
  const action = CodeAction.create(
    fix.title,
    workspaceEdit(uri, fix),
    fix.kind === 'refactor.rewrite' ? CodeActionKind.RefactorRewrite : CodeActionKind.QuickFix,
  );
  if (diagnostic) action.diagnostics = [diagnostic];
  if (fix.isPreferred) action.isPreferred = true;
  return action;
}

export function fixAllAction(uri: string, edits: TextEdit[]): CodeAction {
  return CodeAction.create(
    'Fix all auto-fixable problems (Lean Dockerfile)',
    { changes: { [uri]: edits } },
    FIX_ALL_KIND,
  );
}

export function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
