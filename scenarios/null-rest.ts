/** k6 entry: the null target (canned answer, no model): the harness baseline; judges shape only. */
import { defineScenario } from './lib/scenario.ts';

const s = defineScenario({ target: 'null', address: 'null', expect: 'shape' }, import.meta.resolve('../'));

export const options = s.options;
export const setup = s.setup;
export default s.request;
export const paper = s.paper;
export const handleSummary = s.handleSummary;
