// Stage graph: nodes (stages, external images), edges (FROM, COPY --from, RUN --mount from=), the
// shipped set, what a --target builds, and Mermaid/DOT export. Pure: no LSP or VS Code imports.
export { buildGraph, graphForTarget, imageId, stageId, type GraphInput, type GraphOptions } from './build';
export { escapeDot, escapeMermaid, toDot, toMermaid } from './export';
