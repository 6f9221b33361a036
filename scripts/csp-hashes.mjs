// Trunk post_build hook: writes the SHA-256 of every inline <script> of the
// built index.html into its Content-Security-Policy, in place of the
// placeholder below. Trunk injects an inline module script that imports the
// hashed wasm-bindgen JS (and, under `trunk serve`, the live-reload script);
// its text changes with every build, so the hash cannot be written by hand,
// and a hash keeps 'unsafe-inline' out of script-src.
// Runs in Trunk's staging directory before it becomes dist/.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLACEHOLDER = "'inline-script-hashes'";
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('error: run by trunk as a post_build hook (TRUNK_STAGING_DIR is unset)');
  process.exit(1);
}
const file = join(dir, 'index.html');
const html = readFileSync(file, 'utf8');
if (!html.includes(PLACEHOLDER)) {
  console.error(`error: ${file} has no ${PLACEHOLDER} in its Content-Security-Policy`);
  process.exit(1);
}
// Inline scripts only: <script …> without src, up to the next </script>.
const hashes = [];
for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
  if (/\ssrc\s*=/i.test(m[1] ?? '')) continue;
  const digest = createHash('sha256').update(m[2], 'utf8').digest('base64');
  hashes.push(`'sha256-${digest}'`);
}
if (hashes.length === 0) {
  console.error(`error: ${file} has no inline script to hash (did Trunk stop injecting one?)`);
  process.exit(1);
}
writeFileSync(file, html.replace(PLACEHOLDER, hashes.join(' ')));
console.log(`csp-hashes: ${hashes.length} inline script(s) allowed by hash`);
