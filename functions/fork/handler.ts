import { CohortDescriptor, ForkTask } from '../../workflows/contracts/execution.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { stepHandler } from '../commons/runtime/step-handler.ts';
import { forkCohort } from './fork.ts';

export const createForkHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: ForkTask, output: CohortDescriptor }, forkCohort);
