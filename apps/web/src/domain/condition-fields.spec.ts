// The editor's copy of the condition language against its source in packages/contracts.
import * as contracts from '../../../../packages/contracts/src/conditions';
import {
  MESSAGING_ACTION_CONDITION_FIELDS,
  OPERATOR_LABELS,
  OPERATORS_BY_FIELD_TYPE,
  ROUTING_CONDITION_FIELDS,
} from './condition-fields';

describe('the condition fields and operators the editor offers', () => {
  it('are routing’s queue fields, as packages/contracts defines them', () => {
    expect(ROUTING_CONDITION_FIELDS).toEqual(contracts.ROUTING_CONDITION_FIELDS);
  });

  it('are the messaging-action filter fields, as packages/contracts defines them', () => {
    expect(MESSAGING_ACTION_CONDITION_FIELDS).toEqual(contracts.MESSAGING_ACTION_CONDITION_FIELDS);
  });

  it('allow the operators packages/contracts allows for each field type', () => {
    expect(OPERATORS_BY_FIELD_TYPE).toEqual(contracts.OPERATORS_BY_FIELD_TYPE);
  });

  it('name every operator of the language, and no other', () => {
    expect(Object.keys(OPERATOR_LABELS).sort()).toEqual([...contracts.CONDITION_OPERATORS].sort());
  });
});
