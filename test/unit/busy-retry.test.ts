import { ServiceError } from '@temporalio/client';
import { retryWhileBusy } from '../../src/api/busy-retry';

const busy = () =>
  new ServiceError('too many in-flight updates', { cause: Object.assign(new Error('busy'), { code: 8 }) });

test('when Temporal says the run is busy, then the message is sent again until it goes through', async () => {
  let calls = 0;
  const result = await retryWhileBusy(async () => {
    calls += 1;
    if (calls < 3) throw busy();
    return 'sent';
  });
  expect(result).toBe('sent');
  expect(calls).toBe(3);
});

test('when the run stays busy, then the last refusal is rethrown after a bounded number of tries', async () => {
  let calls = 0;
  await expect(
    retryWhileBusy(async () => {
      calls += 1;
      throw busy();
    }),
  ).rejects.toBeInstanceOf(ServiceError);
  expect(calls).toBe(6);
});

test('when the error is anything else, then it is rethrown at once', async () => {
  let calls = 0;
  const unreachable = new ServiceError('unavailable', {
    cause: Object.assign(new Error('down'), { code: 14 }),
  });
  await expect(
    retryWhileBusy(async () => {
      calls += 1;
      throw unreachable;
    }),
  ).rejects.toBe(unreachable);
  expect(calls).toBe(1);
});
