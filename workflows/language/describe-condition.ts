import type { Condition, PropertyCondition } from '../schema/index.ts';

const OPERATOR_TEXT: Record<PropertyCondition['op'], string> = {
  eq: '=',
  ne: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  in: 'in',
  exists: 'exists',
};

export function describeComparison(subject: string, op: PropertyCondition['op'], value: unknown): string {
  if (op === 'exists') return value === false ? `${subject} is missing` : `${subject} exists`;
  const shown = Array.isArray(value)
    ? `[${value.map((item) => JSON.stringify(item)).join(', ')}]`
    : JSON.stringify(value);
  return `${subject} ${OPERATOR_TEXT[op]} ${shown}`;
}

/** A condition in plain words, e.g. "tier in [H, E] and did add_to_cart since entry". */
export function describeCondition(condition: Condition): string {
  if ('and' in condition) return condition.and.map(wrap).join(' and ');
  if ('or' in condition) return condition.or.map(wrap).join(' or ');
  if ('not' in condition) return `not ${wrap(condition.not)}`;
  if ('tier' in condition) return `tier in [${condition.tier.join(', ')}]`;
  if ('attribute' in condition) return describeComparison(condition.attribute, condition.op, condition.value);
  const when = condition.since === 'entry' ? 'since entry' : `within ${condition.within}`;
  const where = condition.where?.length
    ? ` where ${condition.where.map((part) => describeComparison(part.property, part.op, part.value)).join(' and ')}`
    : '';
  return `did ${condition.event}${where} ${when}`;
}

function wrap(condition: Condition): string {
  const text = describeCondition(condition);
  return 'and' in condition || 'or' in condition ? `(${text})` : text;
}
