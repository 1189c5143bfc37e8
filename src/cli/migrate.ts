import { loadConfig } from '../config';
import { startDatabase, stopAll } from './bootstrap';
import { runMain } from './run-main';

// `npm run migrate`: applies migrations and seed data, then exits.
runMain(async (stops) => {
  const { where } = await startDatabase(loadConfig(), stops);
  console.log(`Migrated and seeded ${where}`);
  await stopAll(stops);
});
