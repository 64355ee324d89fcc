#!/usr/bin/env node
// Keeps the code's citations inside the repository: a comment that says where a rule comes from
// must point at a file a person who cloned lrlab can read.
//   - no source file cites "SPEC", TOOLCHAIN.md or DESIGN.md (notes that are not in the
//     repository: what the code relies on is written in docs/, see docs/spec-*.md and
//     docs/toolchain.md);
//   - every docs/NAME.md a source file names exists, and every docs/NAME.md#anchor names a heading
//     of that file (anchors as GitHub makes them: lower case, punctuation dropped, spaces to '-').
// Source files: everything git tracks under core/, web/, bindings/, cli/, tests/, bench/, scripts/,
// cmake/, lessons/ and docs/, plus index.html, CMakeLists.txt and README.md.
// Usage: node scripts/check-doc-citations.mjs. Exit 0 when all hold, 1 with one line per problem.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_PATHS = ['core', 'web', 'bindings', 'cli', 'tests', 'bench', 'scripts', 'cmake', 'lessons', 'docs', 'index.html', 'CMakeLists.txt', 'README.md'];
const SELF = 'scripts/check-doc-citations.mjs';

// GitHub's anchor for a heading: lower case; characters other than letters, digits, spaces, '-'
// and '_' dropped; spaces become '-'.
export function anchorOf(heading) {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

const anchorsCache = new Map();
function anchorsIn(docPath) {
  if (!anchorsCache.has(docPath)) {
    const anchors = new Set();
    let fenced = false;
    for (const line of readFileSync(join(root, docPath), 'utf8').split('\n')) {
      if (/^\s*```/.test(line)) fenced = !fenced;
      const heading = !fenced && line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
      if (heading) anchors.add(anchorOf(heading[1]));
    }
    anchorsCache.set(docPath, anchors);
  }
  return anchorsCache.get(docPath);
}

// The problems in one file's text, as "path:line: message".
export function problemsIn(path, text, { exists = (p) => existsSync(join(root, p)), anchors = anchorsIn } = {}) {
  const problems = [];
  text.split('\n').forEach((line, i) => {
    const where = `${path}:${i + 1}`;
    for (const [name] of line.matchAll(/\bSPEC\b|(?<![\w/-])(?:TOOLCHAIN|DESIGN)\.md\b/g))
      problems.push(`${where}: cites ${name}, which is not in the repository (cite a docs/ file)`);
    for (const [, doc, anchor] of line.matchAll(/\b(docs\/[\w./-]*\w\.md)(?:#([\w-]+))?/g)) {
      if (!exists(doc)) problems.push(`${where}: ${doc} does not exist`);
      else if (anchor && !anchors(doc).has(anchor)) problems.push(`${where}: ${doc} has no heading #${anchor}`);
    }
  });
  return problems;
}

function main() {
  const files = execFileSync('git', ['ls-files', '--', ...SOURCE_PATHS], { cwd: root, encoding: 'utf8' })
    .split('\n').filter((f) => f && f !== SELF && existsSync(join(root, f)));
  const problems = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    if (text.includes('\0')) continue;  // binary
    problems.push(...problemsIn(file, text));
  }
  for (const problem of problems) console.log(problem);
  if (problems.length) {
    console.log(`${problems.length} citation(s) point outside the repository or at nothing`);
    process.exit(1);
  }
  console.log(`${files.length} files: every docs/ citation exists, and none cites SPEC`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
