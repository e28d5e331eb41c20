/** What the process wrote to stdout and stderr while `run` ran, line by line; both restored after. */
export async function capturedOutput(run: () => Promise<void>): Promise<string[]> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  for (const stream of streams)
    stream.write = ((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof stream.write;
  try {
    await run();
  } finally {
    streams.forEach((stream, index) => {
      stream.write = writes[index] as typeof stream.write;
    });
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '');
}
