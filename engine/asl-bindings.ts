import {
  type AslState,
  roleOfResource,
  type StateMachineDefinition,
  type TaskRole,
} from '../workflows/compiler/asl.ts';
import { VIRTUAL_WAIT_RESOURCE } from './virtual-waits.ts';

interface StatesContainer {
  readonly States: Record<string, AslState>;
}

/** Visits every state, including those inside Map item processors and Parallel branches. */
export function forEachState(
  container: StatesContainer,
  visit: (name: string, state: AslState) => void,
): void {
  for (const [name, state] of Object.entries(container.States)) {
    visit(name, state);
    const processor = (state.ItemProcessor ?? state.Iterator) as unknown as StatesContainer | undefined;
    if (processor?.States) forEachState(processor, visit);
    const branches = state.Branches as unknown as StatesContainer[] | undefined;
    for (const branch of branches ?? []) forEachState(branch, visit);
  }
}

/** Task state name → the Lambda role its `${…FunctionArn}` resource stands for. */
export function taskRoles(definition: StateMachineDefinition): Map<string, TaskRole> {
  const roles = new Map<string, TaskRole>();
  forEachState(definition, (name, state) => {
    if (state.Type !== 'Task' || state.Resource === VIRTUAL_WAIT_RESOURCE) return;
    const role = roleOfResource(String(state.Resource));
    if (!role)
      throw new Error(
        `Task state "${name}" has resource ${String(state.Resource)}, which no local handler serves`,
      );
    roles.set(name, role);
  });
  return roles;
}

export function waitStateNames(definition: StateMachineDefinition): string[] {
  const names: string[] = [];
  forEachState(definition, (name, state) => {
    if (state.Type === 'Wait') names.push(name);
  });
  return names;
}
