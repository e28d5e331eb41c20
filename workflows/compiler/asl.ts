/** The slice of Amazon States Language (JSONPath) that the compiler emits. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export type AslState = { [key: string]: Json };

/**
 * No TimeoutSeconds: a Standard execution already ends after one year, and one year of
 * milliseconds overflows the local engine's setTimeout (which then fires after 1 ms).
 */
export interface StateMachineDefinition {
  Comment: string;
  StartAt: string;
  States: Record<string, AslState>;
}

/** Lambda roles the compiled ASL refers to; CDK substitutes ARNs, the local engine binds handlers. */
export const TASK_ROLES = ['Snapshot', 'Partition', 'Send', 'Grant', 'Update', 'Record', 'Fork'] as const;
export type TaskRole = (typeof TASK_ROLES)[number];

export function placeholderName(role: TaskRole): string {
  return `${role}FunctionArn`;
}

export function placeholder(role: TaskRole): string {
  return `\${${placeholderName(role)}}`;
}

/** The role behind a `${…FunctionArn}` resource, if it is one of ours. */
export function roleOfResource(resource: string): TaskRole | undefined {
  return TASK_ROLES.find((role) => resource === placeholder(role));
}
