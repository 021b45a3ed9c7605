// New SMS (SPEC A1–A4, docs/agent-initiated.md): the agent picks the company number and the
// requester, checks what sending would do, and sends the first message.
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { ApiError, unwrap } from '../../api/client';
import type { CompanyNumbers, DirectoryUser, OutboundPrecheck } from '../../api/types';
import { useApi } from '../../app/session';
import { useWorkspace } from '../../app/workspace';
import type { FieldErrors } from '../../domain/field-errors';
import {
  type NewSmsForm,
  mayStart,
  messageProblem,
  newSmsErrors,
  precheckKey,
  precheckRequest,
  precheckView,
  previewNumber,
  segmentLine,
  startRequest,
} from '../../domain/new-sms';
import { Field, FormErrors, Page, TableWrap } from '../../ui/kit';
import { useMaxSegments } from './hooks';
import { UserPicker } from './UserPicker';

const NO_ERRORS: FieldErrors = { byField: {}, general: [] };

function newClientMessageId(): string | null {
  // randomUUID exists only in secure contexts; without it the API makes the id.
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : null;
}

function asErrors(failure: unknown): FieldErrors {
  if (failure instanceof ApiError) return newSmsErrors(failure);
  return { byField: {}, general: ['Something went wrong; try again'] };
}

export function NewSmsPage() {
  const api = useApi();
  const { resync } = useWorkspace();
  const [, navigate] = useLocation();
  const [numbers, setNumbers] = useState<CompanyNumbers | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [companyAddress, setCompanyAddress] = useState('');
  const [to, setTo] = useState('');
  const [user, setUser] = useState<DirectoryUser | null>(null);
  const [body, setBody] = useState('');
  const [checked, setChecked] = useState<{ key: string; precheck: OutboundPrecheck } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [busy, setBusy] = useState<'check' | 'send' | null>(null);
  const [clientMessageId] = useState(newClientMessageId);
  const maxSegments = useMaxSegments(api);

  useEffect(() => {
    let live = true;
    unwrap(api.GET('/me/company-numbers'))
      .then((answer) => {
        if (!live) return;
        setNumbers(answer);
        const only = answer.default ?? (answer.items.length === 1 ? answer.items[0]?.address : undefined);
        if (only) setCompanyAddress(only);
      })
      .catch((failure: unknown) => {
        if (live) setLoadError(failure instanceof ApiError ? failure.message : 'Could not load your numbers');
      });
    return () => {
      live = false;
    };
  }, [api]);

  const form: NewSmsForm = {
    companyAddress,
    to,
    user: user && { userId: user.userId, name: user.name, mobile: user.mobile },
    body,
  };
  const number = previewNumber(to);
  const currentKey = precheckKey(form);
  const shown = checked !== null && checked.key === currentKey ? checked.precheck : null;
  const view = shown && precheckView(shown);

  async function check() {
    const request = precheckRequest(form);
    const key = precheckKey(form);
    if (request === null || key === null) return;
    setBusy('check');
    setErrors(NO_ERRORS);
    try {
      const precheck = await unwrap(api.POST('/outbound/precheck', { body: request }));
      setChecked({ key, precheck });
    } catch (failure) {
      setChecked(null);
      setErrors(asErrors(failure));
    } finally {
      setBusy(null);
    }
  }

  async function send() {
    if (!shown || !mayStart(form, checked?.key ?? null, maxSegments, shown)) return;
    setBusy('send');
    setErrors(NO_ERRORS);
    try {
      const started = await unwrap(
        api.POST('/outbound/conversations', { body: startRequest(form, shown, clientMessageId) }),
      );
      void resync().catch(() => undefined);
      navigate(`/conversations/${started.interactionId}`);
    } catch (failure) {
      setBusy(null);
      // The pair changed since the check (a warning now applies): show the new answer first.
      if (failure instanceof ApiError && failure.code === 'CONFIRMATION_REQUIRED') {
        setErrors({ byField: {}, general: [failure.message] });
        await check();
        return;
      }
      setErrors(asErrors(failure));
    }
  }

  const numberHint = (
    <>
      {number.shown !== null && (
        <>
          Texted as <span data-testid="e164">{number.shown}</span>
          {number.problem && ` — ${number.problem}`}
        </>
      )}
      {number.shown === null && (number.problem ?? 'Any common format; without a country code, a US number')}
    </>
  );

  return (
    <Page title="New SMS">
      {loadError && <FormErrors errors={[loadError]} />}
      <form
        className="new-sms card"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void (mayStart(form, checked?.key ?? null, maxSegments, shown) ? send() : check());
        }}
      >
        <FormErrors errors={errors} />
        <CompanyNumberField
          numbers={numbers}
          value={companyAddress}
          onChange={setCompanyAddress}
          error={errors.byField.companyAddress}
        />
        <Field label="Requester number" error={errors.byField.to} hint={numberHint}>
          {(control) => (
            <input
              {...control}
              type="tel"
              autoComplete="off"
              value={to}
              onChange={(event) => setTo(event.target.value)}
            />
          )}
        </Field>
        <UserPicker
          label="Directory user"
          picked={user}
          onPick={setUser}
          error={errors.byField.userId}
          hint="Optional with a number; alone, their mobile is texted"
        />
        <div className="row">
          <button
            type="button"
            disabled={busy !== null || precheckRequest(form) === null}
            onClick={() => void check()}
          >
            {busy === 'check' ? 'Checking…' : 'Check'}
          </button>
        </div>
        {view && <PrecheckResult view={view} />}
        <Field
          label="Message"
          error={errors.byField.body}
          hint={<span data-testid="segment-count">{segmentLine(body)}</span>}
        >
          {(control) => (
            <textarea {...control} rows={5} value={body} onChange={(event) => setBody(event.target.value)} />
          )}
        </Field>
        <div className="row">
          <button
            type="submit"
            className="primary"
            disabled={busy !== null || !mayStart(form, checked?.key ?? null, maxSegments, shown)}
          >
            {busy === 'send' ? 'Sending…' : (view?.sendLabel ?? 'Send')}
          </button>
          <span className="muted" role="status">
            {sendStatus(form, view !== null, currentKey, maxSegments)}
          </span>
        </div>
      </form>
    </Page>
  );
}

function sendStatus(
  form: NewSmsForm,
  checkedNow: boolean,
  key: string | null,
  maxSegments: number | null,
): string {
  if (key === null) return 'Pick the company number and a requester number or user';
  if (!checkedNow) return 'Check first, to see what sending will do';
  return messageProblem(form.body, maxSegments) ?? '';
}

function CompanyNumberField({
  numbers,
  value,
  onChange,
  error,
}: {
  numbers: CompanyNumbers | null;
  value: string;
  onChange: (address: string) => void;
  error: string | undefined;
}) {
  const items = numbers?.items ?? [];
  const fixed = items.length === 1 || numbers?.default != null;
  const label = (address: string) => {
    const item = items.find((candidate) => candidate.address === address);
    return item ? `${item.label} ${item.address}` : address;
  };
  return (
    <Field label="Company number" error={error} hint={fixed ? 'The one number you send from' : undefined}>
      {(control) =>
        fixed ? (
          <input {...control} readOnly value={label(value)} />
        ) : (
          <select
            {...control}
            value={value}
            disabled={numbers === null}
            onChange={(event) => onChange(event.target.value)}
          >
            <option value="">{numbers === null ? 'Loading…' : 'Choose a number'}</option>
            {items.map((item) => (
              <option key={item.address} value={item.address}>
                {item.label} {item.address}
              </option>
            ))}
          </select>
        )
      }
    </Field>
  );
}

function PrecheckResult({ view }: { view: NonNullable<ReturnType<typeof precheckView>> }) {
  return (
    <section className="precheck" aria-labelledby="precheck-title">
      <h2 id="precheck-title">What sending will do</h2>
      {view.optedOut && (
        <div className="precheck-warning" role="alert" data-testid="precheck-opted-out">
          <strong>Opted out:</strong> {view.optedOut}
        </div>
      )}
      {view.warning && (
        <div className="precheck-warning" role="alert" data-testid="precheck-warning">
          <strong>{view.rule}:</strong> {view.warning}
        </div>
      )}
      {!view.warning && (
        <p role="status">
          <strong>{view.rule}</strong> {view.ruleText}
        </p>
      )}
      <p>
        To {view.recipient}, from {view.via}.
      </p>
      {view.active.length > 0 && (
        <TableWrap label="Ongoing conversation with this number">
          <table>
            <caption>Ongoing conversation with this number</caption>
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">Handled by</th>
                <th scope="col">About</th>
              </tr>
            </thead>
            <tbody>
              {view.active.map((row) => (
                <tr key={row.interactionId}>
                  <td>{row.state}</td>
                  <td>{row.handledBy}</td>
                  <td>{row.requester}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
