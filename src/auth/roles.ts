/** Who may call the API. Customers act on their own orders; staff (support, admin) on any. */
export const ROLES = ['customer', 'support', 'admin', 'carrier', 'payment-provider'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that people hold, in bearer tokens; carriers and the payment provider sign webhooks instead. */
export const TOKEN_ROLES = ['customer', 'support', 'admin'] as const satisfies readonly Role[];
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** The authenticated caller of a request. */
export interface Principal {
  role: Role;
  /** The token's subject (a customer id, a staff member) or the webhook sender's name. */
  subject: string;
  /** Set for customers: the only customer whose orders they may see or act on. */
  customerId?: string;
}

export const isStaff = (principal: Principal): boolean =>
  principal.role === 'support' || principal.role === 'admin';
