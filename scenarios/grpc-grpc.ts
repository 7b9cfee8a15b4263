/** k6 entry: our gRPC model server (TF Serving's PredictionService). GRPC_ADDR overrides the address. */
import { defineScenario } from './lib/scenario.ts';

const s = defineScenario({ target: 'grpc', address: 'grpc' }, import.meta.resolve('../'));

export const options = s.options;
export const setup = s.setup;
export default s.request;
export const paper = s.paper;
export const handleSummary = s.handleSummary;
