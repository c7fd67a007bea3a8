// `node dist/server/main.mjs`: the collaboration server configured from the
// environment (see config.ts). SIGINT/SIGTERM store every room, then exit.
import { CollabConfigError, optionsFromEnv } from './config';
import { startCollabServer } from './collab-server';

async function main(): Promise<void> {
  const server = await startCollabServer(optionsFromEnv(process.env));
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal means "now": the rooms may lose their last two seconds of edits.
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`Cove collaboration server: ${signal}, storing rooms and closing…`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Cove collaboration server: closing failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  // Configuration mistakes get one clear line, not a stack.
  if (err instanceof CollabConfigError) console.error(`Cove collaboration server: ${err.message}`);
  else console.error('Cove collaboration server could not start:', err);
  process.exit(1);
});
