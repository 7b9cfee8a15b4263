/**
 * k6 entry: any server speaking the Open Inference Protocol (KServe v2) over gRPC
 * (inference.GRPCInferenceService). GRPC_ADDR is its host:port (default: our grpc target);
 * ENCODING=contents|raw picks typed fp32_contents or raw_input_contents.
 */
import { defineScenario } from './lib/scenario.ts';

const s = defineScenario({ target: 'oip', address: 'grpc', api: 'oip' }, import.meta.resolve('../'));

export const options = s.options;
export const setup = s.setup;
export default s.request;
export const paper = s.paper;
export const handleSummary = s.handleSummary;
