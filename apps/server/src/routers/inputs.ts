import { z } from 'zod';
import { ROLES } from '../storage';

/** Shared pieces of the procedures' input schemas. */
export const id = z.string().trim().min(1, 'must not be empty').max(100);
export const name = z.string().trim().min(1, 'must not be empty').max(200);
export const description = z.string().max(5000);
export const note = z.string().max(500);
export const version = z.number().int().min(1);
export const label = z.string().trim().min(1, 'must not be empty').max(100);

export const roles = z
  .array(z.enum(ROLES))
  .min(1, 'give at least one role')
  .transform((list) => ROLES.filter((role) => list.includes(role)));

export const page = {
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().max(500).nullish(),
};
