#!/usr/bin/env node
// Entry point for `npx otasuke`: runs the TypeScript CLI through tsx's loader.
// `analyze` works without a database and is timed with its start-up included, so it runs from a
// prebuilt plain-JS bundle (scripts/analyze-bundle.mjs; rebuilt here when missing or stale) and
// loads neither tsx nor the server; when no bundle can be had it goes through tsx like the rest.
if (process.argv[2] === 'analyze') {
  const { freshBundle, buildBundle } = await import('../scripts/analyze-bundle.mjs');
  let bundle = freshBundle();
  if (!bundle) bundle = await buildBundle().catch(() => null);
  if (bundle) await import(bundle);
  else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('../src/cli/analyze-main.ts');
  }
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
