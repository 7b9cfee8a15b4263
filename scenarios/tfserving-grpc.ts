/** k6 entry: TF Serving's gRPC API (default :8500); with GRPC_ADDR and TARGET it drives our grpc target. */
import { defineScenario } from './lib/scenario.ts';

const s = defineScenario({ target: 'tfserving', address: 'tfserving-grpc' }, import.meta.resolve('../'));

export const options = s.options;
export const setup = s.setup;
export default s.request;
export const paper = s.paper;
export const handleSummary = s.handleSummary;
