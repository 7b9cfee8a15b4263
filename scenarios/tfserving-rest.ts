/** k6 entry: TF Serving's REST API (default :8501); with BASE_URL and TARGET it drives any of our REST targets. */
import { defineScenario } from './lib/scenario.ts';

const s = defineScenario({ target: 'tfserving', address: 'tfserving-rest' }, import.meta.resolve('../'));

export const options = s.options;
export const setup = s.setup;
export default s.request;
export const paper = s.paper;
export const handleSummary = s.handleSummary;
