import { z } from "zod";

/** Block and trigger ids: a letter, then letters, digits, `_` or `-`. */
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Variable names usable in `{{…}}` templates; `customer` is reserved for the customer's fields. */
export const VAR_NAME_PATTERN = /^(?!customer$)[A-Za-z_][A-Za-z0-9_]*$/;

export const blockIdSchema = z.string().regex(ID_PATTERN);
export const varNameSchema = z.string().regex(VAR_NAME_PATTERN);

/** A literal a flow may store or compare against; strings are templated first. */
export const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);
