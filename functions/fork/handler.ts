import { CohortDescriptor, ForkTask } from '../../workflows/contracts/execution.ts';
import type { RuntimeDeps } from '../commons/deps.ts';
import { stepHandler } from '../commons/middy.ts';
import { forkCohort } from './fork.ts';

export const createForkHandler = (deps: RuntimeDeps) =>
  stepHandler(deps, { input: ForkTask, output: CohortDescriptor }, forkCohort);
