/**
 * Cleanup that also runs on Ctrl-C / SIGTERM: stop child servers, drop temporary databases, remove
 * temporary directories. Each step is registered when the resource is created and unregistered
 * once it was released normally.
 */
type Step = { label: string; run: () => Promise<void> | void };

const steps: Step[] = [];
let installed = false;

export function onCleanup(label: string, run: () => Promise<void> | void): () => void {
  install();
  const step = { label, run };
  steps.push(step);
  return () => {
    const i = steps.indexOf(step);
    if (i >= 0) steps.splice(i, 1);
  };
}

/** Runs all pending steps, newest first, each with a time limit; never throws. */
export async function runCleanup(limitMs = 15_000): Promise<void> {
  while (steps.length) {
    const step = steps.pop()!;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(step.run),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), limitMs);
        }),
      ]);
    } catch (e) {
      console.error(`bench: cleanup "${step.label}" failed: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Synchronous last resort on process exit: only what can be done synchronously (kill children). */
const exitHooks = new Set<() => void>();
export function onExitSync(fn: () => void): () => void {
  install();
  exitHooks.add(fn);
  return () => exitHooks.delete(fn);
}

function install() {
  if (installed) return;
  installed = true;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`\nbench: ${signal}, cleaning up…`);
    void runCleanup(10_000).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => {
    for (const fn of exitHooks) {
      try {
        fn();
      } catch {
        // best effort
      }
    }
  });
}
