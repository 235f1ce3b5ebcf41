export { startRegistrySim } from './start-registry-sim';
export type { RunningRegistrySim, StartRegistrySimOptions } from './start-registry-sim';
export type { Faults } from './sim-options';
export { DEFAULT_FAULTS } from './sim-options';
