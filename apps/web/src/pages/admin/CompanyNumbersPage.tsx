// The company numbers agent-gateway knows and who may start conversations from each. Read-only:
// they come from the seed; a number's greeting and virtual agent are interaction's settings.
import { useCallback } from 'react';
import { unwrap } from '../../api/client';
import { useApi } from '../../app/session';
import { Empty, FormErrors, Page, TableWrap } from '../../ui/kit';
import { useLoaded } from './admin-data';

export function CompanyNumbersPage() {
  const api = useApi();
  const load = useCallback(() => unwrap(api.GET('/admin/company-numbers')), [api]);
  const { data, error } = useLoaded(load);
  return (
    <Page title="Company numbers">
      <FormErrors errors={error ? [error] : []} />
      <p className="muted">
        These numbers and who may use them come from the seed and are not edited here. Managers and admins
        {data ? ` (${data.everyNumberRoles.join(', ')})` : ''} may start conversations from every number.
      </p>
      <aside className="card note" aria-labelledby="va-heading">
        <h2 id="va-heading">Greetings and virtual agents</h2>
        <p>
          A number’s greeting, closing message and virtual agent with its topics are configured in the
          interaction service’s settings file, named by <code>INTERACTION_COMPANY_NUMBERS_FILE</code> (see
          docs/virtual-agent.md), and take effect when it restarts. They are not shown or edited here.
        </p>
      </aside>
      {data && data.items.length === 0 && <Empty>No company numbers.</Empty>}
      {data && data.items.length > 0 && (
        <TableWrap label="Company numbers">
          <table className="admin-table">
            <caption>Company numbers</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Number</th>
                <th scope="col">Listed for</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((number) => (
                <tr key={number.address}>
                  <td>{number.label}</td>
                  <td>{number.address}</td>
                  <td>
                    {number.agents.map((agent) => `${agent.displayName} (${agent.username})`).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Page>
  );
}
