import type { Model } from './model/types';

/**
 * Stages that end up in a built image: what the build produces (the last stage, as `docker build`
 * does by default, or the `buildTargets` as `docker build --target` / compose / bake choose them),
 * the named `targets` shipped besides, and every stage those are built `FROM` (their layers and USER
 * are inherited). Build targets that name no stage are ignored; when none names one, the last stage
 * ships, so a typo in a compose file does not silence the shipped-stage rules.
 */
export function shippedStages(
  model: Model,
  targets: readonly string[],
  buildTargets: readonly string[] = [],
): Set<number> {
  const shipped = new Set<number>();
  const named = (names: readonly string[]): number[] => {
    const wanted = new Set(names.map((t) => t.toLowerCase()));
    return model.stages.filter((s) => s.name !== undefined && wanted.has(s.name)).map((s) => s.index);
  };
  const built = buildTargets.length > 0 ? named(buildTargets) : [];
  const last = model.stages.length - 1;
  const roots: number[] = built.length > 0 ? built : last >= 0 ? [last] : [];
  roots.push(...named(targets));
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
