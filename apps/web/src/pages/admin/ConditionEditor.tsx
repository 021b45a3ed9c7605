// The condition language of routing queues and messaging-action filters as a list of field
// tests combined with all or any; anything more (a `not`, a nested group) is edited as JSON.
// The API's errors appear beside the row part their path names (`condition.all[1].value`).
import type { ConditionOperator, FieldCatalog } from '../../domain/condition-fields';
import { OPERATOR_LABELS } from '../../domain/condition-fields';
import {
  type Combinator,
  type ConditionDraft,
  type ConditionRow,
  newRow,
  operatorsFor,
  rowPath,
  toJson,
  toRows,
  valueInputFor,
  withField,
  withOperator,
} from '../../domain/condition-rows';
import { Field } from '../../ui/kit';

interface Props {
  legend: string;
  catalog: FieldCatalog;
  draft: ConditionDraft;
  onChange: (draft: ConditionDraft) => void;
  errors: Record<string, string>;
}

export function ConditionEditor({ legend, catalog, draft, onChange, errors }: Props) {
  const rows = toRows(draft, catalog);
  return (
    <fieldset className="condition-editor">
      <legend>{legend}</legend>
      <p className="field-hint">
        {draft.mode === 'rows' && draft.rows.length === 0
          ? 'No tests: every conversation matches.'
          : 'Values of “is one of” are separated by commas; phone numbers in any format.'}
      </p>
      {errors.condition && (
        <div className="field-error" role="alert">
          {errors.condition}
        </div>
      )}
      {draft.mode === 'rows' ? (
        <RowsEditor catalog={catalog} draft={draft} onChange={onChange} errors={errors} />
      ) : (
        <Field label="Condition as JSON" hint="Empty: every conversation matches.">
          {(props) => (
            <textarea
              {...props}
              rows={8}
              spellCheck={false}
              value={draft.text}
              onChange={(event) => onChange({ mode: 'json', text: event.target.value })}
            />
          )}
        </Field>
      )}
      <div className="row">
        {draft.mode === 'rows' ? (
          <button type="button" onClick={() => onChange(toJson(draft, catalog))}>
            Edit as JSON
          </button>
        ) : (
          <button type="button" disabled={rows === null} onClick={() => rows && onChange(rows)}>
            Edit as a list of tests
          </button>
        )}
      </div>
    </fieldset>
  );
}

type RowsDraft = Extract<ConditionDraft, { mode: 'rows' }>;

function RowsEditor({
  catalog,
  draft,
  onChange,
  errors,
}: {
  catalog: FieldCatalog;
  draft: RowsDraft;
  onChange: (draft: ConditionDraft) => void;
  errors: Record<string, string>;
}) {
  const setRow = (index: number, row: ConditionRow) =>
    onChange({ ...draft, rows: draft.rows.map((old, at) => (at === index ? row : old)) });
  return (
    <>
      {draft.rows.length > 1 && (
        <Field label="Combine the tests">
          {(props) => (
            <select
              {...props}
              value={draft.combinator}
              onChange={(event) => onChange({ ...draft, combinator: event.target.value as Combinator })}
            >
              <option value="all">Every test holds (all)</option>
              <option value="any">Any test holds (any)</option>
            </select>
          )}
        </Field>
      )}
      <ol className="condition-rows">
        {draft.rows.map((row, index) => (
          <li key={index}>
            <fieldset className="condition-row">
              <legend>Test {index + 1}</legend>
              <RowEditor
                catalog={catalog}
                row={row}
                onChange={(next) => setRow(index, next)}
                error={(part) => errors[rowPath(draft, index, part)]}
              />
              <button
                type="button"
                className="link"
                onClick={() => onChange({ ...draft, rows: draft.rows.filter((_row, at) => at !== index) })}
              >
                Remove test {index + 1}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange({ ...draft, rows: [...draft.rows, newRow(catalog)] })}>
        Add a test
      </button>
    </>
  );
}

function RowEditor({
  catalog,
  row,
  onChange,
  error,
}: {
  catalog: FieldCatalog;
  row: ConditionRow;
  onChange: (row: ConditionRow) => void;
  error: (part: 'field' | 'op' | 'value') => string | undefined;
}) {
  const input = valueInputFor(catalog, row);
  return (
    <div className="condition-row-parts">
      <Field label="Field" error={error('field')} hint={catalog[row.field]?.description}>
        {(props) => (
          <select
            {...props}
            value={row.field}
            onChange={(event) => onChange(withField(catalog, row, event.target.value))}
          >
            {Object.keys(catalog).map((field) => (
              <option key={field} value={field}>
                {field}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Operator" error={error('op')}>
        {(props) => (
          <select
            {...props}
            value={row.op}
            onChange={(event) =>
              onChange(withOperator(catalog, row, event.target.value as ConditionOperator))
            }
          >
            {operatorsFor(catalog, row.field).map((op) => (
              <option key={op} value={op}>
                {OPERATOR_LABELS[op]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {input.kind !== 'none' ? (
        <Field label="Value" error={error('value')}>
          {(props) =>
            input.kind === 'choice' ? (
              <select
                {...props}
                value={row.value}
                onChange={(event) => onChange({ ...row, value: event.target.value })}
              >
                {input.options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...props}
                type="text"
                inputMode={input.kind === 'number' ? 'numeric' : undefined}
                placeholder={
                  input.kind === 'number' ? `${input.min ?? ''}–${input.max ?? ''}` : input.placeholder
                }
                value={row.value}
                onChange={(event) => onChange({ ...row, value: event.target.value })}
              />
            )
          }
        </Field>
      ) : (
        error('value') && (
          <div className="field-error" role="alert">
            {error('value')}
          </div>
        )
      )}
    </div>
  );
}
