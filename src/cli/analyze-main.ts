/**
 * `otasuke analyze` on its own: it needs no database or web server, so it starts without loading
 * them (start-up time and memory count in its benchmark).
 */
import { Command } from 'commander';
import { registerAnalyze } from './analyze.command.ts';

const program = new Command().name('otasuke').showHelpAfterError();
registerAnalyze(program);
try {
  await program.parseAsync(process.argv);
} catch (e) {
  console.error(`otasuke: ${(e as Error).message}`);
  process.exitCode = 1;
}
