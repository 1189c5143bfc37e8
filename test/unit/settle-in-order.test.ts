import { settleInOrder } from '../../src/domain/settle-in-order';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const failLater = (ms: number, message: string) =>
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms));

describe('settleInOrder', () => {
  it('when every promise fulfils, then it returns their values in list order', async () => {
    await expect(settleInOrder([later(20, 'a'), later(1, 2)] as const)).resolves.toEqual(['a', 2]);
  });

  it('when two fail, then the first in list order is thrown even though the second failed sooner', async () => {
    await expect(settleInOrder([failLater(30, 'first'), failLater(1, 'second')] as const)).rejects.toThrow(
      'first',
    );
  });

  it('when one fails early, then it still waits for the others to settle before throwing', async () => {
    let finished = false;
    const slow = later(40, 'slow').then((value) => {
      finished = true;
      return value;
    });
    await expect(settleInOrder([failLater(1, 'early'), slow] as const)).rejects.toThrow('early');
    expect(finished).toBe(true);
  });
});
