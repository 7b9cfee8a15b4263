/**
 * `servebench <command>`: the one command-line edge. Each command parses its own flags
 * once (in its own file) and passes plain options down.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ main(argv: string[]): Promise<number> }> }> = {
  serve: { summary: 'start one target: servebench serve <target> [--port] [--host] [--model] [--engine] [--threads]', load: () => import('./serve-command.ts') },
  load: { summary: 'run a k6 script on the built-in engine: servebench load [k6 flags] <script.ts|js> (--help)', load: () => import('../loadgen/cli/load-command.ts') },
  run: { summary: 'run the study end to end: servebench run [--targets] [--profiles] [--full] ... (--help)', load: () => import('./run-command.ts') },
  report: { summary: 'regenerate report.md/html/json: servebench report <run-dir>', load: () => import('./report/report-command.ts') },
  'readme-table': { summary: "write README.md's results table from a run: servebench readme-table <run-dir> [--readme] [--print]", load: () => import('./report/readme-table-command.ts') },
  compare: { summary: 'per-target, per-metric differences (markdown): servebench compare <run-a> <run-b>', load: () => import('./compare/compare-command.ts') },
  gate: { summary: 'compare a run with the baseline: servebench gate --run <run-dir> [--baseline] [--min-effect] [--confidence] [--junit] [--summary]', load: () => import('./gate/gate-command.ts') },
  merge: { summary: 'merge the results of one test split across instances: servebench merge <result file|dir> ... [--json] [--text] (--help)', load: () => import('./merge/merge-command.ts') },
  cluster: { summary: 'Kubernetes manifests for a split test: servebench cluster <script> --instances N --target URL [--engine k6|servebench] (--help)', load: () => import('./cluster/cluster-command.ts') },
  baseline: { summary: 'record a baseline: servebench baseline update --run <run-dir> [--baseline]', load: () => import('./gate/baseline-command.ts') },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`);
    const out = `usage: servebench <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
    if (name && name !== '--help' && name !== '-h' && name !== 'help') {
      process.stderr.write(`servebench: unknown command "${name}"\n\n${out}`);
      return 2;
    }
    process.stdout.write(out);
    return 0;
  }
  return (await command.load()).main(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`servebench: ${err instanceof Error ? (process.env.SERVEBENCH_DEBUG ? err.stack : err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
