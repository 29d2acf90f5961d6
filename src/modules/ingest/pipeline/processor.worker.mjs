// Worker-thread entry: registers the TypeScript loader (as bin/otasuke.mjs does) and starts the processor.
import { register } from 'tsx/esm/api';
register();
await import('./processor.worker.ts');
