/**
 * A stretch of the document as the shell will see it: Dockerfile line continuations and the comment
 * lines BuildKit drops inside a continued instruction are removed, and every remaining character keeps
 * its document offset so that findings and fixes point at the right place.
 */
export interface LogicalText {
  text: string;
  /** offsets[i] = document offset of text[i]; offsets[text.length] = offset just after the last character. */
  offsets: number[];
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * Joins continued lines of `doc[start, end)`. `escapeChar` is the Dockerfile's escape character
 * (`\` or `` ` ``): an escape followed only by blanks up to the line end continues the line.
 */
export function joinContinuations(doc: string, start: number, end: number, escapeChar: string): LogicalText {
  // Kept characters are copied in runs (slices), not one by one.
  let text = '';
  const offsets: number[] = [];
  let i = start;
  let run = start;
  const keepRun = (upTo: number): void => {
    if (upTo > run) {
      text += doc.slice(run, upTo);
      for (let k = run; k < upTo; k++) offsets.push(k);
    }
  };
  let atContinuedLineStart = false;
  while (i < end) {
    if (atContinuedLineStart) {
      // Inside a continued instruction, BuildKit skips comment lines and empty lines.
      let j = i;
      while (j < end && isBlank(doc[j])) j++;
      if (doc[j] === '#' || doc[j] === '\n' || doc[j] === '\r') {
        while (j < end && doc[j] !== '\n') j++;
        i = j + 1;
        run = i;
        continue;
      }
      atContinuedLineStart = false;
    }
    const c = doc[i]!;
    if (c === escapeChar) {
      let j = i + 1;
      while (j < end && isBlank(doc[j])) j++;
      if (doc[j] === '\r' && doc[j + 1] === '\n') j++;
      if (doc[j] === '\n' || j >= end) {
        keepRun(i);
        i = j + 1;
        run = i;
        atContinuedLineStart = true;
        continue;
      }
      // An escaped character stays as written: the shell decides what the escape means.
    }
    i++;
  }
  keepRun(Math.min(i, end));
  offsets.push(Math.min(i, end));
  return { text, offsets };
}

/** The document text as it is, with identity offsets (heredoc bodies are not continued by Docker). */
export function literalText(doc: string, start: number, end: number): LogicalText {
  const offsets: number[] = new Array(end - start + 1);
  for (let i = start; i <= end; i++) offsets[i - start] = i;
  return { text: doc.slice(start, end), offsets };
}
