/** k6 entry: the embedded target (model in the web tier, paper role a) over REST. BASE_URL overrides the address. */
import { defineScenario } from './lib/scenario.ts';

const s = defineScenario({ target: 'embedded', address: 'embedded' }, import.meta.resolve('../'));

export const options = s.options;
export const setup = s.setup;
export default s.request;
export const paper = s.paper;
export const handleSummary = s.handleSummary;
