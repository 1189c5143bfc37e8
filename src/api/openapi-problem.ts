/** RFC 9457 problem details, as every error response carries them (see problem.ts). */
export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: {
      type: 'string',
      format: 'uri-reference',
      description: 'The problem type; its last part is `error`',
    },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    error: { type: 'string', description: 'The problem code, e.g. `invalid_request`' },
    message: { type: 'string', description: 'Same as `detail` (kept for older clients)' },
    field: { type: 'string', description: 'Bad input: the first bad field, e.g. `lines[0].quantity`' },
    errors: {
      type: 'array',
      description: 'Bad input: every bad field',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};
/** An error response: RFC 9457 problem details. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});
