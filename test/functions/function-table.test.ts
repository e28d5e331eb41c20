import { readdirSync } from 'node:fs';
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  DEPLOY_FUNCTION_NAMES,
  DEPLOY_FUNCTIONS,
  FUNCTION_MEMORY_MB,
  FUNCTION_NAMES,
  FUNCTION_TIMEOUT_SECONDS,
  FUNCTIONS,
  functionOfRole,
  roleOfFunction,
  type ServedRole,
} from '../../functions/function-table.ts';
import { TASK_ROLES, type TaskRole } from '../../workflows/compiler/asl.ts';

describe('the function table', () => {
  test('lists every folder of functions/ with a handler once, as a journey or a deploy-time function', () => {
    // Prepare
    const folders = readdirSync(new URL('../../functions/', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'commons')
      .map((entry) => entry.name);

    // Act / Assess
    expect([...FUNCTION_NAMES, ...DEPLOY_FUNCTION_NAMES].sort()).toEqual(folders.sort());
  });

  test('keeps the functions CloudFormation calls while deploying out of the journeys and the cost model', () => {
    expect(DEPLOY_FUNCTION_NAMES).toEqual(['push-applications']);
    for (const name of DEPLOY_FUNCTION_NAMES) {
      expect(FUNCTION_NAMES as readonly string[]).not.toContain(name);
      expect(Object.keys(FUNCTION_MEMORY_MB)).not.toContain(name);
      expect(DEPLOY_FUNCTIONS[name].role).toBeUndefined();
    }
  });

  test('serves every task role of the compiled ASL with exactly one function', () => {
    expectTypeOf<ServedRole>().toEqualTypeOf<TaskRole>();
    for (const role of TASK_ROLES) {
      const serving = FUNCTION_NAMES.filter((name) => roleOfFunction(name) === role);

      expect(serving).toEqual([functionOfRole(role)]);
    }
  });

  test('maps the task roles to the functions their handlers live in', () => {
    expect(Object.fromEntries(TASK_ROLES.map((role) => [role, functionOfRole(role)]))).toEqual({
      Snapshot: 'snapshot-audience',
      Partition: 'partition',
      Send: 'send',
      Grant: 'grant',
      Update: 'update',
      Record: 'record',
      Fork: 'fork',
    });
    expect(roleOfFunction('start-cohorts')).toBeUndefined();
  });

  test('refuses a role no function serves, naming it', () => {
    expect(() => functionOfRole('Audit' as TaskRole)).toThrow('serves the task role Audit');
  });

  test('gives each function a memory Lambda accepts and a timeout within its 15 minutes', () => {
    for (const { memoryMb, timeoutSeconds } of Object.values(DEPLOY_FUNCTIONS)) {
      expect(memoryMb).toBeGreaterThanOrEqual(128);
      expect(timeoutSeconds).toBeLessThanOrEqual(900);
    }
    for (const name of FUNCTION_NAMES) {
      const { memoryMb, timeoutSeconds } = FUNCTIONS[name];

      expect(memoryMb).toBeGreaterThanOrEqual(128);
      expect(memoryMb).toBeLessThanOrEqual(10_240);
      expect(timeoutSeconds).toBeGreaterThan(0);
      expect(timeoutSeconds).toBeLessThanOrEqual(900);
      expect([FUNCTION_MEMORY_MB[name], FUNCTION_TIMEOUT_SECONDS[name]]).toEqual([memoryMb, timeoutSeconds]);
    }
  });
});
