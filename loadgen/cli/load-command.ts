/**
 * `servebench load [flags] <script>`: runs a k6 script on the built-in engine and exits as k6
 * does (0; 99 thresholds failed; 104 bad configuration; 105 interrupted; 107 script error;
 * 108 exec.test.abort()). Config is parsed here once and passed down.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleScript, ScriptError } from '../bundle/bundle-script.ts';
import { createOutput, type Output } from '../outputs/output.ts';
import { resolveOptions } from '../options/test-options.ts';
import { EXIT } from '../run/exit-codes.ts';
import { buildInstanceResult } from '../run/instance-result.ts';
import { evaluateInit } from '../run/options-runtime.ts';
import { planTest } from '../run/test-plan.ts';
import { runTest } from '../run/test-run.ts';
import { writeSummaries } from '../run/write-summaries.ts';
import { FlagError, LOAD_USAGE, parseLoadFlags } from './load-flags.ts';

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

function fail(code: number, message: string): number {
  process.stderr.write(`servebench load: ${message}\n`);
  return code;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(LOAD_USAGE);
    return 0;
  }
  let flags;
  try {
    flags = parseLoadFlags(argv);
  } catch (err) {
    return fail(EXIT.invalidConfig, err instanceof FlagError ? err.message : errText(err));
  }
  const env: Record<string, string> = {};
  if (flags.includeSystemEnv) for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, flags.env);

  let bundle;
  try {
    bundle = await bundleScript(flags.script);
  } catch (err) {
    return fail(EXIT.scriptException, err instanceof ScriptError ? err.message : errText(err));
  }

  let init;
  try {
    init = evaluateInit(bundle, env, {});
  } catch (err) {
    return fail(EXIT.scriptException, `the script's init code failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }

  let options;
  let plan;
  const outputs: Output[] = [];
  try {
    options = resolveOptions(init.runtime.exports.options as Record<string, unknown> | undefined, process.env, flags.overrides);
    plan = planTest(options, init.runtime.exports, init.metricDefs);
    // k6 also takes the output from K6_OUT when no --out is given.
    const outs = flags.outs.length ? flags.outs : process.env.K6_OUT ? [process.env.K6_OUT] : [];
    for (const arg of outs) outputs.push(createOutput(arg, process.env, (m) => process.stderr.write(`WARN ${m}\n`)));
  } catch (err) {
    return fail(EXIT.invalidConfig, errText(err));
  }
  Object.assign(init.state.host.options, options.asScriptSees);
  if (flags.inspect) {
    process.stdout.write(`${JSON.stringify({ ...options.asScriptSees, thresholds: options.thresholds, vusMax: plan.vusMax }, null, 2)}\n`);
    return EXIT.ok;
  }

  for (const o of outputs) {
    o.addMetricDefs?.(init.metricDefs);
    await o.start();
  }
  const mode = flags.vuMode === 'auto' ? (plan.allAsync ? 'shared' : 'thread') : flags.vuMode;
  let stopRequested = () => {};
  const interrupt = new Promise<void>((res) => (stopRequested = res));
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) {
      process.stderr.write('servebench load: stopping (interrupt again to exit at once)\n');
      stopRequested();
    } else process.exit(EXIT.externalAbort);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await runTest({
      bundle,
      env,
      options,
      init,
      scenarios: plan.scenarios,
      vusMax: plan.vusMax,
      vuIdOf: plan.vuIdOf,
      mode,
      hostThreads: flags.vuThreads,
      outputs,
      quiet: flags.quiet,
      address: flags.address,
      interrupt,
      startAt: flags.startAt,
    });
    if (result.aborted) process.stderr.write(`servebench load: ${result.aborted}\n`);
    if (flags.engineStats) {
      writeFileSync(resolve(flags.engineStats), JSON.stringify({ testRunDurationMs: result.testRunDurationMs, ...result.usage, scheduling: result.scheduling, arrivals: result.arrivals }));
    }
    if (flags.resultOut) {
      const text = JSON.stringify(buildInstanceResult(result, options, flags.startAt));
      if (flags.resultOut === '-') process.stdout.write(`${text}\n`);
      else {
        mkdirSync(dirname(resolve(flags.resultOut)), { recursive: true });
        writeFileSync(resolve(flags.resultOut), text);
      }
    }
    const reports = await Promise.all(outputs.map((o) => o.stop()));
    for (const r of reports) if (r.dropped) process.stderr.write(`WARN output ${r.name}: ${r.dropped} samples dropped, ${r.written} written\n`);
    const summaryCode = await writeSummaries({ result, init, options, noSummary: flags.noSummary, summaryExport: flags.summaryExport && resolve(flags.summaryExport), write: writeFileSync });
    const crossed = [...new Set(result.aggregator.thresholds.results().filter((t) => !t.ok).map((t) => t.key))];
    if (crossed.length) process.stderr.write(`ERRO thresholds on metrics '${crossed.join(', ')}' have been crossed\n`);
    return result.exitCode !== EXIT.ok ? result.exitCode : summaryCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
