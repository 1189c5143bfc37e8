import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go into a payload, so the codec encrypts them too. Loaded by path
 * (inside the workflow sandbox as well), hence a module of its own that exports `failureConverter`.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
