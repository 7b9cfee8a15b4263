/** k6 entry: the gateway web tier in front of a model server. BASE_URL overrides the address. */
import { defineScenario } from './lib/scenario.ts';

const s = defineScenario({ target: 'gateway', address: 'gateway' }, import.meta.resolve('../'));

export const options = s.options;
export const setup = s.setup;
export default s.request;
export const paper = s.paper;
export const handleSummary = s.handleSummary;
