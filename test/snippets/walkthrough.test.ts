// The getting-started walkthrough (package.json contributes.walkthroughs): its media files exist and
// ship in the VSIX, its command links are well formed, and what it tells users to type is real.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../../..');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
interface PackageJson {
  contributes: {
    commands: { command: string }[];
    walkthroughs: { id: string; title: string; description: string; steps: Step[] }[];
  };
}

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
const walkthrough = pkg.contributes.walkthroughs?.[0];
const steps = walkthrough?.steps ?? [];
const markdownOf = (step: Step) => readFileSync(path.join(root, step.media.markdown ?? ''), 'utf8');

describe('walkthrough', () => {
  it('is contributed with steps that have unique ids, titles and descriptions', () => {
    assert.ok(walkthrough, 'contributes.walkthroughs');
    assert.ok(walkthrough.title && walkthrough.description);
    assert.ok(steps.length >= 4, `${steps.length} steps`);
    assert.equal(new Set(steps.map((s) => s.id)).size, steps.length, 'unique step ids');
    for (const step of steps) assert.ok(step.title && step.description.length > 20, step.id);
  });

  it('has a markdown page per step under media/walkthrough/, which the VSIX ships', () => {
    for (const step of steps) {
      const file = step.media.markdown;
      assert.ok(file?.startsWith('media/walkthrough/') && file.endsWith('.md'), `${step.id}: ${file}`);
      assert.ok(existsSync(path.join(root, file!)), `${file} exists`);
      assert.match(markdownOf(step), /^# \S/, `${file} starts with a title`);
    }
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    // `!media/!(screenshots)/**`: everything in media/ but the README's screenshots.
    assert.ok(
      ignore.includes('!media/**') || ignore.includes('!media/!(screenshots)/**'),
      '.vscodeignore brings media/walkthrough/ back',
    );
  });

  it('links commands with JSON arguments, and only to commands that exist', () => {
    const ours = new Set(pkg.contributes.commands.map((c) => c.command));
    const links = steps.flatMap((s) => [...s.description.matchAll(/\(command:([\w.]+)(?:\?([^)]*))?\)/g)]);
    assert.ok(links.length >= 4, 'steps have buttons');
    for (const [, command, query] of links) {
      if (command!.startsWith('leanDockerfile.')) assert.ok(ours.has(command!), `${command} is contributed`);
      if (query !== undefined) assert.doesNotThrow(() => JSON.parse(decodeURIComponent(query)), query);
    }
  });

  it('teaches the real fix-all action and CLI command, and the examples it names exist', () => {
    const all = steps.map((s) => `${s.description}\n${markdownOf(s)}`).join('\n');
    assert.ok(all.includes('source.fixAll.leanDockerfile'));
    assert.ok(all.includes('npx lean-dockerfile check . --format sarif'));
    for (const [, file] of all.matchAll(/`(examples\/[^`]+)`/g))
      assert.ok(existsSync(path.join(root, file!)), `${file} exists`);
  });
});
