export * from './condition';
export * from './condition-errors';
export * from './field-catalog';
