// Names a Dockerfile defines and uses: stage names (`FROM … AS build`, used by `FROM build`,
// `COPY --from=build`, `RUN --mount=…,from=build` and by number) and ARG/ENV variables (used as `$X`,
// `${X}`, `${X:-default}` …), resolved with BuildKit's scoping. One index per Model answers go to
// definition, find references, document highlight and rename.
import type { Model, Position, Range, Stage } from '../model/types';
import { resolveReference, stageReferences } from '../rules/lib/stages';
import { declaredNames } from './keyValueSpans';
import { variableUses } from './variableUses';

export type NameKind = 'stage' | 'variable';

export interface Occurrence {
  /** Range of the name alone. */
  range: Range;
  /** Document offsets of the name. */
  start: number;
  end: number;
  /** A stage's `AS name` or an ARG/ENV declaration; else a use. */
  role: 'definition' | 'reference';
  /**
   * False where an edit of the name would be wrong: a stage used by its number (`--from=0`), the image
   * of an unnamed stage, a name split by a line continuation.
   */
  renamable: boolean;
  symbol: NamedSymbol;
  /** For a use: the declaration it reads. For a re-declaration (`ARG X` in a stage): the one it continues. */
  boundTo: Occurrence | undefined;
}

export interface NamedSymbol {
  kind: NameKind;
  /** Stage names lower-cased as BuildKit compares them; variable names as written. */
  name: string;
  /** For stages: the stage index. */
  stageIndex: number | undefined;
  /** Definitions and uses, in document order. */
  occurrences: Occurrence[];
}

export interface NameIndex {
  symbols: NamedSymbol[];
  /** Every occurrence, sorted by start offset. */
  occurrences: Occurrence[];
}

const cache = new WeakMap<Model, NameIndex>();

/** The names of a Model (computed once per Model). Total: bad input gives fewer names, never an exception. */
export function nameIndex(model: Model): NameIndex {
  let index = cache.get(model);
  if (!index) {
    index = buildIndex(model);
    cache.set(model, index);
  }
  return index;
}

/** The occurrence whose name contains the position (or ends right at it, where a cursor after a word stands). */
export function occurrenceAt(model: Model, position: Position): Occurrence | undefined {
  const offset = model.positions.offsetAt(position);
  const list = nameIndex(model).occurrences;
  // Last occurrence starting at or before the offset.
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const candidate = found >= 0 ? list[found] : undefined;
  return candidate && offset <= candidate.end ? candidate : undefined;
}

/** Where the name under the cursor is defined: the declaration a use reads, a stage's `AS name`. */
export function definitionsAt(model: Model, position: Position): Range[] {
  const occurrence = occurrenceAt(model, position);
  if (!occurrence) return [];
  if (occurrence.boundTo) return [occurrence.boundTo.range];
  if (occurrence.role === 'definition') return [occurrence.range];
  const definition = occurrence.symbol.occurrences.find((o) => o.role === 'definition');
  return definition ? [definition.range] : [];
}

/** Every occurrence of the name under the cursor, declarations included unless told otherwise. */
export function referencesAt(model: Model, position: Position, includeDeclaration = true): Range[] {
  const occurrence = occurrenceAt(model, position);
  if (!occurrence) return [];
  return occurrence.symbol.occurrences
    .filter((o) => includeDeclaration || o.role === 'reference')
    .map((o) => o.range);
}

export interface Highlight {
  range: Range;
  /** `write` for definitions and declarations, `read` for uses. */
  kind: 'read' | 'write';
}

export function highlightsAt(model: Model, position: Position): Highlight[] {
  const occurrence = occurrenceAt(model, position);
  if (!occurrence) return [];
  return occurrence.symbol.occurrences.map((o) => ({
    range: o.range,
    kind: o.role === 'definition' ? 'write' : 'read',
  }));
}

// ---------------------------------------------------------------------------------------------------

function buildIndex(model: Model): NameIndex {
  const symbols: NamedSymbol[] = [];
  const all: Occurrence[] = [];
  const add = (
    symbol: NamedSymbol,
    start: number,
    end: number,
    role: Occurrence['role'],
    renamable: boolean,
    boundTo?: Occurrence,
  ): Occurrence => {
    const occurrence: Occurrence = {
      range: { start: model.positions.positionAt(start), end: model.positions.positionAt(end) },
      start,
      end,
      role,
      renamable,
      symbol,
      boundTo,
    };
    symbol.occurrences.push(occurrence);
    all.push(occurrence);
    return occurrence;
  };
  indexStages(model, symbols, add);
  indexVariables(model, symbols, add);
  all.sort((a, b) => a.start - b.start);
  for (const symbol of symbols) symbol.occurrences.sort((a, b) => a.start - b.start);
  return { symbols: symbols.filter((s) => s.occurrences.length > 0), occurrences: all };
}

type Add = (
  symbol: NamedSymbol,
  start: number,
  end: number,
  role: Occurrence['role'],
  renamable: boolean,
  boundTo?: Occurrence,
) => Occurrence;

function indexStages(model: Model, symbols: NamedSymbol[], add: Add): void {
  const offsetAt = (p: Position): number => model.positions.offsetAt(p);
  const byStage = new Map<number, { symbol: NamedSymbol; definition: Occurrence | undefined }>();
  // Unnamed stages get a symbol only when something refers to them by number.
  const entryFor = (stage: Stage): { symbol: NamedSymbol; definition: Occurrence | undefined } => {
    let entry = byStage.get(stage.index);
    if (!entry) {
      const symbol: NamedSymbol = {
        kind: 'stage',
        name: stage.name ?? String(stage.index),
        stageIndex: stage.index,
        occurrences: [],
      };
      symbols.push(symbol);
      let definition: Occurrence | undefined;
      if (stage.nameRange) {
        const start = offsetAt(stage.nameRange.start);
        const end = offsetAt(stage.nameRange.end);
        definition = add(symbol, start, end, 'definition', end - start === (stage.rawName ?? '').length);
      } else if (stage.base) {
        // Nothing to rename; the image stands for the stage so that navigation has a target.
        definition = add(
          symbol,
          offsetAt(stage.base.range.start),
          offsetAt(stage.base.range.end),
          'definition',
          false,
        );
      }
      entry = { symbol, definition };
      byStage.set(stage.index, entry);
    }
    return entry;
  };
  for (const stage of model.stages) if (stage.name) entryFor(stage);

  for (const stage of model.stages) {
    if (stage.baseStage === undefined || !stage.base) continue;
    const parent = model.stages[stage.baseStage];
    // `FROM ${BASE}` that resolves to a stage has no name to edit or point at.
    if (!parent?.name || stage.base.raw.toLowerCase() !== parent.name) continue;
    const entry = entryFor(parent);
    add(
      entry.symbol,
      offsetAt(stage.base.range.start),
      offsetAt(stage.base.range.end),
      'reference',
      true,
      entry.definition,
    );
  }

  for (const ref of stageReferences(model)) {
    const resolved = resolveReference(model, ref.value.trim(), ref.instruction.stageIndex);
    if (
      resolved.kind !== 'stage' &&
      resolved.kind !== 'index' &&
      resolved.kind !== 'own-stage' &&
      resolved.kind !== 'later-stage'
    )
      continue;
    const entry = entryFor(resolved.stage);
    let start = offsetAt(ref.range.start);
    let end = offsetAt(ref.range.end);
    // A mount option's value may carry blanks around it (`from= build`); the name is what is edited.
    const written = model.text.slice(start, end);
    start += written.length - written.trimStart().length;
    end -= written.length - written.trimEnd().length;
    const byNumber = /^\d+$/.test(ref.value.trim());
    add(entry.symbol, start, end, 'reference', !byNumber && !!resolved.stage.name, entry.definition);
  }
}

/** Declarations of one variable that belong together (a re-declaration continues the earlier one). */
class Groups {
  private parent: number[] = [];
  make(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }
  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[x] !== root) {
      const next = this.parent[x]!;
      this.parent[x] = root;
      x = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[rb] = ra;
  }
}

interface Declaration {
  id: number;
  name: string;
  start: number;
  end: number;
  /** The declaration visible before this one, which this one continues. */
  continues: Declaration | undefined;
}

interface Use {
  name: string;
  start: number;
  end: number;
  editable: boolean;
  declaration: Declaration;
}

/**
 * BuildKit's scopes: a global ARG (before the first FROM) is visible in FROM lines, and inside a stage
 * only after that stage declares it again with `ARG X`; ARG and ENV of a stage are visible after
 * them and in the stages built FROM that stage.
 */
function indexVariables(model: Model, symbols: NamedSymbol[], add: Add): void {
  const groups = new Groups();
  const declarations: Declaration[] = [];
  const uses: Use[] = [];
  const globals = new Map<string, Declaration>();
  const finalScopes = new Map<number, Map<string, Declaration>>();

  const readUses = (instructionIndex: number, scope: ReadonlyMap<string, Declaration>): void => {
    const instruction = model.instructions[instructionIndex]!;
    for (const use of variableUses(model, instruction)) {
      const declaration = scope.get(use.reference.name);
      if (!declaration) continue;
      uses.push({
        name: use.reference.name,
        start: use.nameStart,
        end: use.nameEnd,
        editable: use.editable,
        declaration,
      });
    }
  };
  const declare = (
    instructionIndex: number,
    scope: Map<string, Declaration>,
    alsoContinues?: ReadonlyMap<string, Declaration>,
  ): void => {
    const instruction = model.instructions[instructionIndex]!;
    for (const { name, start, end } of declaredNames(model, instruction)) {
      const previous = scope.get(name) ?? alsoContinues?.get(name);
      const declaration: Declaration = { id: groups.make(), name, start, end, continues: previous };
      if (previous) groups.union(previous.id, declaration.id);
      // `ARG X` in a stage takes the global ARG's value too, when both exist.
      const global = alsoContinues?.get(name);
      if (global && global !== previous) groups.union(global.id, declaration.id);
      declarations.push(declaration);
      scope.set(name, declaration);
    }
  };

  const firstFrom = model.stages[0]?.from.index ?? model.instructions.length;
  for (let i = 0; i < firstFrom; i++) {
    const instruction = model.instructions[i]!;
    if (instruction.keyword !== 'ARG') continue;
    readUses(i, globals);
    declare(i, globals);
  }
  for (const stage of model.stages) {
    readUses(stage.from.index, globals);
    const inherited = stage.baseStage !== undefined ? finalScopes.get(stage.baseStage) : undefined;
    const scope = new Map<string, Declaration>(inherited);
    for (const instruction of stage.instructions) {
      if (instruction === stage.from || instruction.keyword === 'ONBUILD') continue;
      readUses(instruction.index, scope);
      if (instruction.keyword === 'ARG') declare(instruction.index, scope, globals);
      else if (instruction.keyword === 'ENV') declare(instruction.index, scope);
    }
    finalScopes.set(stage.index, scope);
  }

  const symbolOf = new Map<number, NamedSymbol>();
  const occurrenceOf = new Map<Declaration, Occurrence>();
  const groupSymbol = (declaration: Declaration): NamedSymbol => {
    const root = groups.find(declaration.id);
    let symbol = symbolOf.get(root);
    if (!symbol) {
      symbol = { kind: 'variable', name: declaration.name, stageIndex: undefined, occurrences: [] };
      symbolOf.set(root, symbol);
      symbols.push(symbol);
    }
    return symbol;
  };
  for (const declaration of declarations) {
    const occurrence = add(
      groupSymbol(declaration),
      declaration.start,
      declaration.end,
      'definition',
      true,
      declaration.continues ? occurrenceOf.get(declaration.continues) : undefined,
    );
    occurrenceOf.set(declaration, occurrence);
  }
  for (const use of uses) {
    add(
      groupSymbol(use.declaration),
      use.start,
      use.end,
      'reference',
      use.editable,
      occurrenceOf.get(use.declaration),
    );
  }
}
