export * from './condition';
export * from './condition-errors';
export * from './field-catalog';
export * from './validate-condition';
export * from './evaluate-condition';
export * from './describe-condition';
export * from './condition-schema';
export * from './routing-fields';
