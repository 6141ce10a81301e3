import type { Model } from './model/types';

/**
 * Stages that end up in a built image: the last stage (what `docker build` produces by default), the
 * named targets, and every stage those are built `FROM` (their layers and USER are inherited).
 */
export function shippedStages(model: Model, targets: readonly string[]): Set<number> {
  const shipped = new Set<number>();
  const last = model.stages.length - 1;
  const roots: number[] = last >= 0 ? [last] : [];
  const wanted = new Set(targets.map((t) => t.toLowerCase()));
  for (const stage of model.stages) if (stage.name && wanted.has(stage.name)) roots.push(stage.index);
  for (const root of roots) {
    let current: number | undefined = root;
    // baseStage always points to an earlier stage, so this walk ends.
    while (current !== undefined && !shipped.has(current)) {
      shipped.add(current);
      current = model.stages[current]?.baseStage;
    }
  }
  return shipped;
}
