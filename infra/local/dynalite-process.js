// Runs dynalite in its own process so the DynamoDB emulation uses the second core.
// Argument: an optional folder for persistent data (LevelDB); without it, data stays in memory.
import dynalite from 'dynalite';

const path = process.argv[2];
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port });
});
process.on('disconnect', () => process.exit(0));
