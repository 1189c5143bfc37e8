import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_RISK_POLICY } from '../../src/algorithms/risk';
import { SHIPPED_RISK_MODEL } from '../../src/algorithms/shipped-risk-model';
import { MODEL_PATH } from '../../scripts/risk-train';
import { tuneProbabilityThresholds } from '../../scripts/risk-tune';

const run = promisify(execFile);

describe('the shipped risk model and policy', () => {
  it('when npm run risk:train runs, then it writes the shipped model byte for byte', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'risk-train-'));
    try {
      const out = join(dir, 'model.json');
      await run('npm', ['run', '-s', 'risk:train', '--', '--out', out], { cwd: join(__dirname, '../..') });
      expect((await readFile(out)).equals(await readFile(MODEL_PATH))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('when the tuning script runs on its seed, then it chooses the default policy thresholds', () => {
    expect(tuneProbabilityThresholds(SHIPPED_RISK_MODEL)).toEqual({
      reviewProbability: DEFAULT_RISK_POLICY.reviewProbability,
      rejectProbability: DEFAULT_RISK_POLICY.rejectProbability,
    });
  });
});
