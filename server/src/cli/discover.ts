import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'out',
  '.venv',
  'venv',
  '__pycache__',
  'target',
  '.vscode-test',
]);

/** The file names VS Code associates with the Dockerfile language, and their Containerfile twins. */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore') || lower.endsWith('.containerignore')) return false;
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile.') ||
    lower.endsWith('.dockerfile') ||
    lower.endsWith('.containerfile')
  );
}

/**
 * Expands the paths given on the command line: files are taken as they are, directories are searched
 * (skipping dependency and VCS folders). Sorted for stable output.
 */
export function discoverDockerfiles(inputPath: string): string[] {
  const stat = statSync(inputPath);
  if (!stat.isDirectory()) return [inputPath];
  const found: string[] = [];
  const walk = (dir: string): void => {
    // Code-point order, not locale order: the same output on every machine.
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
      } else if (entry.isFile() && isDockerfileName(entry.name)) {
        found.push(full);
      }
    }
  };
  walk(inputPath);
  return found;
}
