import { z } from 'zod';
import { type Condition, CONDITION_LIMITS } from './condition';

const conditionValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * The JSON shape of a condition, for request DTOs and OpenAPI. It knows no field catalog and
 * not the nesting limits, so a request is still checked with validateCondition, which says
 * what the shape cannot: unknown fields, operators a field does not allow, values out of range.
 */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() => conditionShapes());

function conditionShapes() {
  return z.union([
    z.strictObject({ all: z.array(conditionSchema) }),
    z.strictObject({ any: z.array(conditionSchema) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ field: z.string(), op: z.enum(['eq', 'ne']), value: conditionValueSchema }),
    z.strictObject({
      field: z.string(),
      op: z.enum(['in', 'not_in']),
      value: z.array(conditionValueSchema).min(1).max(CONDITION_LIMITS.maxListLength),
    }),
    z.strictObject({ field: z.string(), op: z.literal('exists') }),
    z.strictObject({ field: z.string(), op: z.literal('starts_with'), value: z.string().min(1) }),
    z.strictObject({ field: z.string(), op: z.enum(['gt', 'gte', 'lt', 'lte']), value: z.number() }),
  ]);
}

// conditionSchema's annotation checks that every shape is a Condition; this checks the other way,
// so a kind of Condition added without its shape here does not compile.
type AssignableTo<Narrow extends Wide, Wide> = Narrow;
type _EveryConditionHasAShape = AssignableTo<Condition, z.infer<ReturnType<typeof conditionShapes>>>;
