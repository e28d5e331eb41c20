import type { Command } from 'commander';
import { registerCustomersImport } from './customers-import.ts';
import { registerCustomerRights } from './customers-rights.ts';

/** The subcommands of `journeys customers`, each registered from its own module. */
const SUBCOMMANDS: readonly ((group: Command) => void)[] = [registerCustomersImport, registerCustomerRights];

/** `journeys customers …`: the customer base as a whole (import, and what else acts on customers). */
export function registerCustomers(program: Command): void {
  const group = program
    .command('customers')
    .description(
      'Work on the customer base: import profiles from a file; erase or export one customer (their rights over their data).',
    );
  for (const register of SUBCOMMANDS) register(group);
}
