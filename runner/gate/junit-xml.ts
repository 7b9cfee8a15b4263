/** JUnit XML for CI test reporters: one testsuite per target, one testcase per window × metric. */
import { FAILING, type Comparison, type GateResult } from './compare.ts';
import { sentence } from './format.ts';
import { metricDef } from './metrics.ts';

const SKIPPED = new Set(['no-noise-estimate', 'not-measured']);

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function testcase(c: Comparison): string {
  const name = xmlEscape(`${c.profile} ${c.window} ${metricDef(c.metric).label}`);
  const open = `    <testcase classname="servebench.gate.${xmlEscape(c.target)}" name="${name}" time="0"`;
  const text = xmlEscape(sentence(c));
  if (FAILING.has(c.verdict)) return `${open}>\n      <failure type="${c.verdict}" message="${text}">${text}</failure>\n    </testcase>`;
  if (SKIPPED.has(c.verdict)) return `${open}>\n      <skipped message="${xmlEscape(c.verdict)}: ${text}"/>\n    </testcase>`;
  return `${open}>\n      <system-out>${xmlEscape(`${c.verdict}: ${sentence(c)}`)}</system-out>\n    </testcase>`;
}

function suite(target: string, cases: Comparison[]): string {
  const failures = cases.filter((c) => FAILING.has(c.verdict)).length;
  const skipped = cases.filter((c) => SKIPPED.has(c.verdict)).length;
  return [
    `  <testsuite name="${xmlEscape(target)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`,
    ...cases.map(testcase),
    '  </testsuite>',
  ].join('\n');
}

export function junitXml(result: GateResult, name = 'servebench gate'): string {
  const targets = [...new Set(result.comparisons.map((c) => c.target))];
  const failures = result.comparisons.filter((c) => FAILING.has(c.verdict)).length;
  const skipped = result.comparisons.filter((c) => SKIPPED.has(c.verdict)).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(name)}" tests="${result.comparisons.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...targets.map((t) => suite(t, result.comparisons.filter((c) => c.target === t))),
    '</testsuites>',
    '',
  ].join('\n');
}
