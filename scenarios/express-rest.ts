/** k6 entry: the Express REST model server (paper role b). BASE_URL overrides the address. */
import { defineScenario } from './lib/scenario.ts';

const s = defineScenario({ target: 'express', address: 'express' }, import.meta.resolve('../'));

export const options = s.options;
export const setup = s.setup;
export default s.request;
export const paper = s.paper;
export const handleSummary = s.handleSummary;
