/**
 * k6 entry: any server speaking the Open Inference Protocol (KServe v2) over REST — ours, Triton,
 * KServe, MLServer, OpenVINO Model Server. BASE_URL is its address (default: our embedded target);
 * ENCODING=json|binary picks JSON or the binary tensor data extension.
 */
import { defineScenario } from './lib/scenario.ts';

const s = defineScenario({ target: 'oip', address: 'embedded', api: 'oip' }, import.meta.resolve('../'));

export const options = s.options;
export const setup = s.setup;
export default s.request;
export const paper = s.paper;
export const handleSummary = s.handleSummary;
