#!/usr/bin/env node
// Keeps README.md and docs/*.md honest: every command and path they quote must exist.
//   - every source path in backticks or a code block (scripts/, bench/, tests/, web/, core/, cli/,
//     bindings/, cmake/, docs/, lessons/, data/; `*` and `{a,b}` expanded) names a real file or folder;
//   - every command that runs a script (`scripts/x.sh`, `node bench/y.mjs --flag`) names a real
//     file, and each --flag and VAR=... it is given appears in that file;
//   - every `lrlab SUBCOMMAND --flag` is accepted by the CLI itself: the subcommand is not an
//     "unknown command", the flag is listed by `lrlab --help` and not refused as an "unexpected
//     argument";
//   - every relative link [text](path) and image ![alt](path) points at a file that exists;
//   - every `cmake --preset X` / `--workflow --preset X` / `ctest --preset X` names a preset of
//     CMakePresets.json, and every `ctest -L label` a label some test carries.
// A worked example may name a file that is meant not to exist (a new optimizer to write): the
// document says so in a comment, <!-- docs-check: not-in-tree core/optim/example.cpp -->.
// Usage: node scripts/check-docs.mjs [--cli build/cli/lrlab] [FILE.md ...]
// Without files: README.md and every docs/*.md. Exit 0 when all hold, 1 with one line per problem.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['scripts', 'bench', 'tests', 'web', 'core', 'cli', 'bindings', 'cmake', 'docs', 'lessons', 'data'];

function parseArgs(argv) {
  const options = { cli: resolve(root, 'build/cli/lrlab'), files: [] };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--cli') options.cli = resolve(argv[++i]);
    else options.files.push(resolve(argv[i]));
  }
  if (!options.files.length) {
    options.files.push(join(root, 'README.md'));
    for (const name of readdirSync(join(root, 'docs')).sort()) {
      if (name.endsWith('.md')) options.files.push(join(root, 'docs', name));
    }
  }
  return options;
}

// Inline code spans and code-block lines, each with its line number.
export function codeSnippets(markdown) {
  const snippets = [];
  let fenced = false;
  markdown.split('\n').forEach((line, index) => {
    const lineNo = index + 1;
    if (/^\s*```/.test(line)) { fenced = !fenced; return; }
    if (fenced || /^( {4}|\t)/.test(line)) {
      snippets.push({ text: line.trim(), lineNo, block: true });
      return;
    }
    for (const match of line.matchAll(/`([^`]+)`/g)) snippets.push({ text: match[1], lineNo, block: false });
  });
  return snippets;
}

// `core/random.{cpp,h}` -> both; `core/random.*` stays a pattern for globMatches.
function expandBraces(path) {
  const match = /\{([^{}]*)\}/.exec(path);
  if (!match) return [path];
  return match[1].split(',').flatMap((part) => expandBraces(path.slice(0, match.index) + part + path.slice(match.index + match[0].length)));
}

function globMatches(pattern) {
  if (!pattern.includes('*')) return existsSync(join(root, pattern));
  const dir = dirname(pattern);
  if (!existsSync(join(root, dir))) return false;
  const re = new RegExp(`^${pattern.slice(dir.length + 1).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return readdirSync(join(root, dir)).some((name) => re.test(name));
}

// Source paths quoted in a snippet: words starting with one of SOURCE_DIRS and a slash.
export function quotedPaths(text) {
  const paths = [];
  const re = new RegExp(`(?:^|[\\s(="'\\[])((?:${SOURCE_DIRS.join('|')})/[\\w.*{},/-]*)`, 'g');
  for (const match of text.matchAll(re)) {
    let path = match[1].replace(/[.,:;]+$/, '');
    if (/[<>]/.test(path) || path.includes('...')) continue;  // a placeholder, e.g. tests/core/<unit>_test.cpp
    path = path.replace(/\/$/, '');
    paths.push(path);
  }
  return paths;
}

// One shell command from a snippet: its env assignments, program and arguments (comment cut off).
function commandsIn(text) {
  const withoutComment = text.replace(/\s#.*$/, '');
  return withoutComment.split(/&&|\|\||;|\|/).map((part) => {
    const words = part.trim().split(/\s+/).filter(Boolean);
    const env = [];
    while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) env.push(words.shift().split('=')[0]);
    return { env, words };
  }).filter((c) => c.words.length);
}

function cliHelp(cli) {
  return execFileSync(cli, ['--help'], { encoding: 'utf8' });
}

function probeCli(cli, args, cwd) {
  const result = spawnSync(cli, args, { cwd, encoding: 'utf8', timeout: 20000, input: '' });
  return `${result.stderr ?? ''}`;
}

function presetNames() {
  const presets = JSON.parse(readFileSync(join(root, 'CMakePresets.json'), 'utf8'));
  const names = new Set();
  for (const key of ['configurePresets', 'buildPresets', 'testPresets', 'workflowPresets']) {
    for (const p of presets[key] ?? []) names.add(p.name);
  }
  return names;
}

function testLabels() {
  const labels = new Set();
  const files = ['tests/CMakeLists.txt', 'cmake/WasmSubBuild.cmake', 'CMakeLists.txt', 'bench/CMakeLists.txt'];
  for (const file of files) {
    if (!existsSync(join(root, file))) continue;
    for (const match of readFileSync(join(root, file), 'utf8').matchAll(/LABELS\s+"?([\w;]+)"?/g)) {
      match[1].split(';').forEach((l) => labels.add(l));
    }
  }
  return labels;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const problems = [];
  const presets = presetNames();
  const labels = testLabels();
  let help = null;
  const cliChecks = new Map();  // "sub flag" -> first place it was quoted
  let checkedPaths = 0;
  let checkedCommands = 0;

  for (const file of options.files) {
    const where = (lineNo) => `${relative(root, file)}:${lineNo}`;
    const markdown = readFileSync(file, 'utf8');
    const notInTree = new Set([...markdown.matchAll(/<!-- docs-check: not-in-tree ([^>]*?)-->/g)].flatMap((m) => m[1].trim().split(/\s+/)));
    markdown.split('\n').forEach((line, index) => {
      for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1].split('#')[0];
        if (!target || /^[a-z]+:/.test(target)) continue;  // an anchor or an absolute URL
        checkedPaths += 1;
        if (!existsSync(resolve(dirname(file), decodeURIComponent(target)))) problems.push(`${where(index + 1)}: link to ${match[1]}: no such file`);
      }
    });
    for (const { text, lineNo } of codeSnippets(markdown)) {
      for (const path of quotedPaths(text)) {
        if (notInTree.has(path)) continue;
        checkedPaths += 1;
        if (!expandBraces(path).every(globMatches)) problems.push(`${where(lineNo)}: ${path} does not exist`);
      }
      for (const { env, words } of commandsIn(text)) {
        let [program, ...args] = words;
        if (program === 'node' || program === 'bash') [program, ...args] = args.filter((w, i) => i > 0 || !w.startsWith('--'));
        if (!program) continue;
        if (/(^|\/)lrlab$/.test(program) && /^(build\/cli\/)?lrlab$/.test(program)) {
          checkedCommands += 1;
          const sub = args[0];
          if (!sub || sub.startsWith('-')) { if (sub && sub !== '--help') problems.push(`${where(lineNo)}: lrlab ${sub}: not a subcommand`); continue; }
          for (const arg of [null, ...args.slice(1).filter((a) => /^--?[a-z]/.test(a))]) {
            const key = `${sub} ${arg ?? ''}`.trim();
            if (!cliChecks.has(key)) cliChecks.set(key, { sub, flag: arg, where: where(lineNo) });
          }
          continue;
        }
        const script = /^(scripts|bench)\/[\w./-]+\.(sh|mjs|js|py)$/.test(program) ? program : null;
        if (script) {
          checkedCommands += 1;
          const path = join(root, script);
          if (!existsSync(path) || !statSync(path).isFile()) { problems.push(`${where(lineNo)}: ${script} does not exist`); continue; }
          const source = readFileSync(path, 'utf8');
          for (const flag of args.filter((a) => /^--[a-z]/.test(a))) {
            const name = flag.split('=')[0];
            if (!source.includes(name)) problems.push(`${where(lineNo)}: ${script} has no option ${name}`);
          }
          for (const name of env) {
            if (!repoMentions(name, script)) problems.push(`${where(lineNo)}: ${name} is read by nothing under scripts/, bench/, cmake/`);
          }
        }
        if (program === 'cmake' || program === 'ctest') {
          checkedCommands += 1;
          args.forEach((arg, i) => {
            if (arg === '--preset' && args[i + 1] && !presets.has(args[i + 1])) problems.push(`${where(lineNo)}: no CMake preset "${args[i + 1]}"`);
            if (program === 'ctest' && arg === '-L' && args[i + 1] && !labels.has(args[i + 1])) problems.push(`${where(lineNo)}: no ctest label "${args[i + 1]}"`);
          });
        }
      }
    }
  }

  if (cliChecks.size) {
    if (!existsSync(options.cli)) {
      problems.push(`the CLI ${options.cli} is not built: cannot check ${cliChecks.size} quoted lrlab commands`);
    } else {
      help = cliHelp(options.cli);
      const cwd = mkdtempSync(join(tmpdir(), 'lrlab-docs-'));
      try {
        for (const { sub, flag, where } of cliChecks.values()) {
          const stderr = probeCli(options.cli, flag ? [sub, flag, '1'] : [sub], cwd);
          if (stderr.includes('unknown command')) problems.push(`${where}: lrlab ${sub}: the CLI says "unknown command"`);
          else if (flag && (stderr.includes(`unexpected argument '${flag}'`) || !help.includes(flag))) {
            problems.push(`${where}: lrlab ${sub} ${flag}: ${help.includes(flag) ? 'refused by the CLI' : 'not in lrlab --help'}`);
          }
        }
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    }
  }

  for (const problem of new Set(problems)) console.log(problem);
  console.log(`${options.files.length} files: ${checkedPaths} paths, ${checkedCommands} commands, ${cliChecks.size} CLI subcommand/flag pairs checked; ${new Set(problems).size} problems`);
  process.exitCode = problems.length ? 1 : 0;
}

// An environment variable given to a script must be read somewhere in the build and run scripts.
const mentionCache = new Map();
function repoMentions(name, script) {
  if (!mentionCache.has(name)) {
    const out = spawnSync('grep', ['-rlw', '--exclude-dir=node_modules', name, 'scripts', 'bench', 'cmake', 'tests', 'CMakeLists.txt', 'CMakePresets.json', script], { cwd: root, encoding: 'utf8' });
    mentionCache.set(name, (out.stdout ?? '').trim().length > 0);
  }
  return mentionCache.get(name);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
