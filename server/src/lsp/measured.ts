// "Build and Measure" on the server side: the latest real measurement per document (the client sends
// it after building with the user's engine), the Markdown table that compares it with the estimates,
// and hover lines that put a measured size next to an estimate. The numbers come from the engine's
// history; this file only keeps and formats them.
//
// For the hover handler: `const measured = registerMeasured(connection, documents)` in server.ts, then
// `measured.hoverLines(uri, line, estimate)` with the 0-based line of the hovered instruction (or of a
// stage's FROM line) and the estimate shown there (`SizesInstruction.bytes`, or `SizesStage.total` on a
// FROM line); append the returned Markdown lines to the hover. No measurement → an empty array.
import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { errorPercent, formatPercent } from '../../../common/measure';
import {
  MeasuredNotification,
  MeasuredResultsRequest,
  type MeasuredInstruction,
  type MeasuredParams,
  type MeasuredResultsResult,
  type SizeRange,
} from '../../../common/protocol';
import { formatBytes, formatRange } from '../engine/size/units';

export interface MeasuredFeature {
  /** The latest measurement of a document, if any. */
  get(uri: string): MeasuredParams | undefined;
  /**
   * Markdown lines for a hover at `line` (0-based): the measured layer of the instruction there, or on
   * the measured stage's FROM line the measured image and base. `estimate` is the estimate the hover
   * shows (instruction bytes, or the stage total on a FROM line); without it the estimate recorded at
   * measuring time is used. Empty when nothing was measured there, or the line changed since.
   */
  hoverLines(uri: string, line: number, estimate?: SizeRange): string[];
}

const isRange = (v: unknown): v is SizeRange =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as SizeRange).low === 'number' &&
  typeof (v as SizeRange).high === 'number';

const isInstruction = (v: unknown): v is MeasuredInstruction => {
  if (typeof v !== 'object' || v === null) return false;
  const i = v as Record<string, unknown>;
  return (
    typeof i.line === 'number' &&
    typeof i.keyword === 'string' &&
    typeof i.text === 'string' &&
    (i.bytes === null || typeof i.bytes === 'number') &&
    (i.estimate === null || isRange(i.estimate))
  );
};

/** Checks the shape of a `leanDockerfile/measured` payload (it crosses a process boundary). */
export function isMeasuredParams(value: unknown): value is MeasuredParams {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.uri === 'string' &&
    typeof m.version === 'number' &&
    (m.engine === 'podman' || m.engine === 'docker') &&
    typeof m.date === 'string' &&
    typeof m.image === 'string' &&
    typeof m.stageIndex === 'number' &&
    (m.stageName === null || typeof m.stageName === 'string') &&
    typeof m.fromLine === 'number' &&
    typeof m.fromText === 'string' &&
    typeof m.total === 'number' &&
    (m.base === null || typeof m.base === 'number') &&
    (m.totalEstimate === null || isRange(m.totalEstimate)) &&
    (m.baseEstimate === null || isRange(m.baseEstimate)) &&
    Array.isArray(m.instructions) &&
    m.instructions.every(isInstruction)
  );
}

/** `12.9 MB (estimate 11–15 MB, error −2 %)`; the error is left out when nothing was measured. */
export function comparisonText(measured: number, estimate: SizeRange | null | undefined): string {
  if (!estimate) return formatBytes(measured);
  const error = errorPercent(estimate, measured);
  return `${formatBytes(measured)} (estimate ${formatRange(estimate)}${error === undefined ? '' : `, error ${formatPercent(error)}`})`;
}

function dateText(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** Markdown cell text: pipes and line breaks would break the table. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function shorten(text: string, max = 60): string {
  const oneLine = text.trim().replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Estimate vs measured per instruction, as the Markdown document the command opens beside the editor. */
export function measuredMarkdown(m: MeasuredParams, fileName: string): string {
  const stage = m.stageName ?? `stage ${m.stageIndex}`;
  const lines = [
    `# Build and Measure: ${fileName}`,
    '',
    `Built \`${cell(stage)}\` with ${m.engine} on ${dateText(m.date)} (UTC) as \`${m.image}\`. Uncompressed (disk) sizes from \`${m.engine} history\`, 1 MB = 10^6 B; error = (middle of the estimate − measured) / measured, positive when the estimate is too high.`,
    '',
    '| line | instruction | estimate | measured | error |',
    '| ---: | --- | ---: | ---: | ---: |',
  ];
  const row = (
    line: number | string,
    what: string,
    estimate: SizeRange | null,
    bytes: number | null,
  ): string => {
    const error = estimate && bytes !== null ? errorPercent(estimate, bytes) : undefined;
    return `| ${line} | ${what} | ${estimate ? formatRange(estimate) : '–'} | ${bytes === null ? 'not matched' : formatBytes(bytes)} | ${error === undefined ? '–' : formatPercent(error)} |`;
  };
  lines.push(row(m.fromLine + 1, `\`${cell(shorten(m.fromText))}\` (base)`, m.baseEstimate, m.base));
  for (const i of m.instructions) {
    // Metadata instructions (ENV, CMD…) make empty layers: rows of zeros say nothing.
    const empty = (i.bytes ?? 0) === 0 && (i.estimate?.high ?? 0) === 0;
    if (empty && i.bytes !== null) continue;
    lines.push(row(i.line + 1, `\`${cell(shorten(i.text))}\``, i.estimate, i.bytes));
  }
  lines.push(row('', '**image**', m.totalEstimate, m.total));
  const unmatched = m.instructions.filter((i) => i.bytes === null).length;
  if (unmatched > 0 || m.base === null)
    lines.push(
      '',
      `The build history did not match the Dockerfile completely (${unmatched} instruction${unmatched === 1 ? '' : 's'} without a layer): was the file edited during the build?`,
    );
  return `${lines.join('\n')}\n`;
}

export function registerMeasured(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
): MeasuredFeature {
  const byUri = new Map<string, MeasuredParams>();

  connection.onNotification(MeasuredNotification, (params: unknown) => {
    if (isMeasuredParams(params)) byUri.set(params.uri, params);
    else connection.console.warn(`Ignored a malformed ${MeasuredNotification} notification.`);
  });

  connection.onRequest(
    MeasuredResultsRequest,
    (params: unknown): MeasuredResultsResult | null | ResponseError => {
      const uri = (params as { uri?: unknown } | null)?.uri;
      if (typeof uri !== 'string')
        return new ResponseError(
          ErrorCodes.InvalidParams,
          `${MeasuredResultsRequest} expects { uri: string }`,
        );
      const measurement = byUri.get(uri);
      if (!measurement) return null;
      const fileName = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
      return { measurement, markdown: measuredMarkdown(measurement, fileName) };
    },
  );

  /** Whether `line` still shows `text` (or the document is the version that was measured). */
  function unchanged(uri: string, m: MeasuredParams, line: number, text: string): boolean {
    const document = documents.get(uri);
    if (!document || document.version === m.version) return true;
    const current = document.getText({
      start: { line, character: 0 },
      end: { line: line + 1, character: 0 },
    });
    return current.replace(/\r?\n$/, '') === text;
  }

  return {
    get: (uri) => byUri.get(uri),
    hoverLines(uri, line, estimate) {
      const m = byUri.get(uri);
      if (!m) return [];
      const when = `${m.engine}, ${dateText(m.date)}`;
      if (line === m.fromLine) {
        if (!unchanged(uri, m, line, m.fromText)) return [];
        const lines = [`measured: image ${comparisonText(m.total, estimate ?? m.totalEstimate)} · ${when}`];
        if (m.base !== null) lines.push(`measured: base ${comparisonText(m.base, m.baseEstimate)}`);
        return lines;
      }
      const instruction = m.instructions.find((i) => i.line === line);
      if (!instruction || !unchanged(uri, m, line, instruction.text)) return [];
      if (instruction.bytes === null)
        return [`measured: no layer matched this instruction in the build history · ${when}`];
      return [`measured: ${comparisonText(instruction.bytes, estimate ?? instruction.estimate)} · ${when}`];
    },
  };
}
